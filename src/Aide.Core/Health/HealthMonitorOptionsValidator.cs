using Aide.Configuration;
using Microsoft.Extensions.Options;

namespace Aide.Health;

/// <summary>Checks <see cref="HealthMonitorOptions"/> at start.</summary>
internal sealed class HealthMonitorOptionsValidator : IValidateOptions<HealthMonitorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HealthMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Range(failures, "PredictionWindow", options.PredictionWindow, 3, 10_000);
        OptionChecks.Range(failures, "PredictionMinimumSamples", options.PredictionMinimumSamples, 2, options.PredictionWindow);
        OptionChecks.Range(failures, "PredictionHorizon", options.PredictionHorizon, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        OptionChecks.Range(failures, "PredictionMinimumConfidence", options.PredictionMinimumConfidence, 0.0, 1.0);
        OptionChecks.Range(failures, "RecoveryAttempts", options.RecoveryAttempts, 0, 100);
        OptionChecks.Range(failures, "RecoveryBackoff", options.RecoveryBackoff, TimeSpan.Zero, TimeSpan.FromHours(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
