namespace Aide.Server.Dashboard.Wire;

internal sealed record HealthComponentView(
    string Name, string Priority, string Level, string Description, DateTimeOffset? CheckedAt, double DurationMs, bool Recovering,
    IReadOnlyList<HealthMetricView> Metrics, IReadOnlyList<HealthPredictionView> Predictions);
