using System.Globalization;
using Microsoft.Extensions.Options;

namespace Aide.Caching;

/// <summary>Checks <see cref="ResponseCacheOptions"/> at start, naming the option and what is allowed.</summary>
internal sealed class ResponseCacheOptionsValidator : IValidateOptions<ResponseCacheOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ResponseCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, options.MemoryMaxBytes >= 0, "MemoryMaxBytes", options.MemoryMaxBytes, "0 or more");
        Check(failures, options.MemoryMaxEntries >= 0, "MemoryMaxEntries", options.MemoryMaxEntries, "0 or more");
        Check(failures, options.DiskMaxBytes > 0, "DiskMaxBytes", options.DiskMaxBytes, "more than 0");
        Check(failures, options.DefaultTimeToLive >= TimeSpan.Zero, "DefaultTimeToLive", options.DefaultTimeToLive, "0 (no expiry) or more");
        Check(failures, options.SweepInterval > TimeSpan.Zero, "SweepInterval", options.SweepInterval, "more than 0");
        Check(failures, options.MinimumSavings is >= 0 and < 1, "MinimumSavings", options.MinimumSavings, "from 0 to below 1");
        Check(failures, options.LockTimeout >= TimeSpan.Zero, "LockTimeout", options.LockTimeout, "0 or more");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool valid, string name, object value, string allowed)
    {
        if (!valid)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be {allowed}."));
        }
    }
}
