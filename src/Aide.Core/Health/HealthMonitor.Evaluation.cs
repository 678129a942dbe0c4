using System.Globalization;
using Aide.Events;
using Aide.Health.Prediction;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health;

/// <summary>Turning a check's result into a level, threshold events and prediction alerts.</summary>
public sealed partial class HealthMonitor
{
    private HealthLevel Evaluate(ComponentState component, HealthCheckResult result, TimeSpan duration)
    {
        var now = _time.GetUtcNow();
        var metrics = Metrics(result.Data);
        var events = new List<AideEvent>();
        HealthLevel previous, level;
        bool startRecovery;
        lock (component.Gate)
        {
            previous = component.Latest.CheckedAt is null ? HealthLevel.Healthy : component.Latest.Level;
            level = result.Status switch
            {
                HealthStatus.Healthy => HealthLevel.Healthy,
                HealthStatus.Degraded => HealthLevel.Degraded,
                _ => HealthLevel.Unhealthy,
            };

            var predictions = new Dictionary<string, TrendPrediction>(StringComparer.Ordinal);
            foreach (var (metric, state) in component.Thresholds)
            {
                if (!metrics.TryGetValue(metric, out var value))
                {
                    continue;
                }

                if (state.Observe(value, now) is { } raised)
                {
                    var threshold = raised == HealthLevel.Critical ? state.Threshold.Critical : state.Threshold.Warning;
                    events.Add(new HealthThresholdExceeded(component.Entry.Name, metric, value, threshold)
                    {
                        Timestamp = now,
                        Source = Source,
                        Severity = raised == HealthLevel.Critical ? EventSeverity.Error : EventSeverity.Warning,
                    });
                }

                level = state.Level > level ? state.Level : level;
                Predict(component, metric, value, now, predictions, events);
            }

            startRecovery = _options.AutoRecovery && level >= HealthLevel.Unhealthy && previous < HealthLevel.Unhealthy && component.Entry.Recovery.Count > 0 && !component.Recovering;
            component.Recovering |= startRecovery;
            component.Latest = new ComponentHealth(
                component.Entry.Name, component.Entry.Priority, level, result.Description ?? result.Status.ToString(), now, duration, metrics, predictions, component.Recovering);
        }

        foreach (var e in events)
        {
            _bus?.Publish(e);
        }

        if (startRecovery)
        {
            StartRecovery(component, result.Description ?? $"{component.Entry.Name} is {level.ToString().ToLowerInvariant()}");
        }

        return level;
    }

    /// <summary>Feeds the trend and raises an alert once per predicted level (again only after the forecast went away).</summary>
    private void Predict(ComponentState component, string metric, double value, DateTimeOffset now, Dictionary<string, TrendPrediction> predictions, List<AideEvent> events)
    {
        var threshold = component.Thresholds[metric].Threshold;
        var prediction = component.Trends[metric].Observe(now, value, threshold, _options.PredictionHorizon);
        if (prediction is null || prediction.Confidence < _options.PredictionMinimumConfidence)
        {
            component.Alerted.Remove(metric);
            return;
        }

        predictions[metric] = prediction;
        if (component.Alerted.TryGetValue(metric, out var level) && level == prediction.Level)
        {
            return;
        }

        component.Alerted[metric] = prediction.Level;
        var minutes = (prediction.PredictedBreach - now).TotalMinutes;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"{metric} of {component.Entry.Name} is {value:0.###} and moving {prediction.SlopePerMinute:+0.###;-0.###} per minute: it reaches {prediction.Level:0.###} in about {minutes:0.#} min.");
        events.Add(new HealthPredictionAlert(component.Entry.Name, metric, prediction.PredictedBreach, Math.Round(prediction.Confidence, 3), message)
        {
            Timestamp = now,
            Source = Source,
            Severity = EventSeverity.Warning,
        });
    }

    /// <summary>The numeric values of a result's data: the metrics thresholds and trends watch.</summary>
    private static Dictionary<string, double> Metrics(IReadOnlyDictionary<string, object> data)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            double? number = value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                decimal m => (double)m,
                _ => null,
            };
            if (number is { } n && double.IsFinite(n))
            {
                metrics[key] = n;
            }
        }

        return metrics;
    }
}
