using Aide.Configuration;
using Microsoft.Extensions.Options;

namespace Aide.Events.Journal;

/// <summary>Checks <see cref="EventJournalOptions"/> at start.</summary>
internal sealed class EventJournalOptionsValidator : IValidateOptions<EventJournalOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EventJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Range(failures, "MaxFileBytes", options.MaxFileBytes, 64L << 10, 1L << 40);
        OptionChecks.Range(failures, "RotatedFiles", options.RotatedFiles, 0, 100);
        OptionChecks.Range(failures, "FlushDelay", options.FlushDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
