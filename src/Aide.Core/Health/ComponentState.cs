using Aide.Health.Prediction;
using Aide.Health.Thresholds;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health;

/// <summary>What the monitor knows about one component: its latest result, threshold levels, trends and alerts.</summary>
internal sealed class ComponentState
{
    public ComponentState(HealthCheckEntry entry, HealthMonitorOptions options)
    {
        Entry = entry;
        Registration = new HealthCheckRegistration(entry.Name, entry.Check, HealthStatus.Unhealthy, tags: null, entry.EffectiveTimeout);
        Thresholds = entry.Thresholds.ToDictionary(t => t.Metric, t => new ThresholdState(t), StringComparer.Ordinal);
        Trends = entry.Thresholds.ToDictionary(t => t.Metric, _ => new TrendPredictor(options.PredictionWindow, options.PredictionMinimumSamples), StringComparer.Ordinal);
        Latest = new ComponentHealth(entry.Name, entry.Priority, HealthLevel.Healthy, "not checked yet", null, TimeSpan.Zero, new Dictionary<string, double>(), new Dictionary<string, TrendPrediction>(), false);
    }

    public Lock Gate { get; } = new();

    public HealthCheckEntry Entry { get; }

    public HealthCheckRegistration Registration { get; }

    public Dictionary<string, ThresholdState> Thresholds { get; }

    public Dictionary<string, TrendPredictor> Trends { get; }

    /// <summary>Gets the level each metric's current alert was raised for, so an alert is published once, not every run.</summary>
    public Dictionary<string, double> Alerted { get; } = new(StringComparer.Ordinal);

    public ComponentHealth Latest { get; set; }

    public bool Recovering { get; set; }
}
