using Aide.Configuration;
using Microsoft.Extensions.Options;

namespace Aide.Resilience;

/// <summary>Checks <see cref="ResilienceOptions"/> (and its breaker's) at start, naming the option and what is allowed.</summary>
internal sealed class ResilienceOptionsValidator : IValidateOptions<ResilienceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Range(failures, "Retries", options.Retries, 0, AideDefaults.MaxRetries);
        OptionChecks.Range(failures, "RetryBaseDelay", options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        OptionChecks.Range(failures, "MaxRetryAfter", options.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1));
        var breaker = options.Breaker;
        if (breaker is null)
        {
            failures.Add("Breaker: required.");
        }
        else
        {
            OptionChecks.Range(failures, "Breaker.FailureRatio", breaker.FailureRatio, 0.01, 1.0);
            OptionChecks.Range(failures, "Breaker.MinimumThroughput", breaker.MinimumThroughput, 2, 1000);
            OptionChecks.Range(failures, "Breaker.SamplingDuration", breaker.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
            OptionChecks.Range(failures, "Breaker.BreakDuration", breaker.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
