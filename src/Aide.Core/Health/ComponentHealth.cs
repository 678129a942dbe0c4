using Aide.Health.Prediction;

namespace Aide.Health;

/// <summary>The latest state of one component.</summary>
/// <param name="Name">The component.</param>
/// <param name="Priority">Its check's class.</param>
/// <param name="Level">Its level: the check's status, raised by any threshold it has crossed.</param>
/// <param name="Description">What the check said.</param>
/// <param name="CheckedAt">When it last ran (<see langword="null"/>: not yet).</param>
/// <param name="Duration">How long that run took.</param>
/// <param name="Metrics">The numeric values it reported.</param>
/// <param name="Predictions">Trend forecasts per metric, where a threshold is predicted to be crossed.</param>
/// <param name="Recovering">Whether a repair is in progress.</param>
public sealed record ComponentHealth(
    string Name,
    HealthPriority Priority,
    HealthLevel Level,
    string Description,
    DateTimeOffset? CheckedAt,
    TimeSpan Duration,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, TrendPrediction> Predictions,
    bool Recovering);
