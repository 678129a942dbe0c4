namespace Aide.Cli.Output;

/// <summary>One component in <see cref="HealthJson"/>.</summary>
internal sealed record HealthComponentJson(
    string Name, string Priority, string Level, string Description, DateTimeOffset? CheckedAt, double DurationMs,
    Dictionary<string, double> Metrics, HealthPredictionJson[] Predictions, bool Recovering);
