using Aide.Health.Thresholds;

namespace Aide.Health.Prediction;

/// <summary>
/// Forecasts when a metric will cross its next threshold level: an ordinary least-squares line over a sliding window
/// of samples (time-weighted, so irregular intervals are fine). The confidence is the fit's R², so noise around a flat
/// level gives no alert while a steady leak does; it is scaled down until the window is full. Written by hand: it is
/// twenty lines of arithmetic, and no maintained .NET library offers streaming regression without a large dependency.
/// </summary>
internal sealed class TrendPredictor(int window, int minimumSamples)
{
    private readonly Queue<(DateTimeOffset At, double Value)> _samples = new();

    public TrendPrediction? Observe(DateTimeOffset at, double value, MetricThreshold threshold, TimeSpan horizon)
    {
        _samples.Enqueue((at, value));
        while (_samples.Count > window)
        {
            _samples.Dequeue();
        }

        if (_samples.Count < minimumSamples)
        {
            return null;
        }

        var origin = _samples.Peek().At;
        double n = _samples.Count, sumT = 0, sumV = 0, sumTT = 0, sumTV = 0, sumVV = 0;
        foreach (var (when, v) in _samples)
        {
            var t = (when - origin).TotalSeconds;
            sumT += t;
            sumV += v;
            sumTT += t * t;
            sumTV += t * v;
            sumVV += v * v;
        }

        var varT = (n * sumTT) - (sumT * sumT);
        var varV = (n * sumVV) - (sumV * sumV);
        if (varT <= 0 || varV <= 0)
        {
            return null; // all at one instant, or perfectly flat
        }

        var covariance = (n * sumTV) - (sumT * sumV);
        var slope = covariance / varT;
        var bad = threshold.Direction == ThresholdDirection.Above ? slope > 0 : slope < 0;
        if (!bad)
        {
            return null;
        }

        var intercept = (sumV - (slope * sumT)) / n;
        var now = (at - origin).TotalSeconds;
        var fitted = intercept + (slope * now);
        var level = threshold.Beyond(fitted, threshold.Warning) ? threshold.Critical : threshold.Warning;
        if (threshold.Beyond(fitted, level))
        {
            return null; // already there: that is a threshold breach, not a prediction
        }

        var seconds = (level - fitted) / slope;
        if (seconds <= 0 || seconds > horizon.TotalSeconds)
        {
            return null;
        }

        var rSquared = covariance * covariance / (varT * varV);
        var confidence = rSquared * Math.Min(1, n / window);
        return new TrendPrediction(level, at + TimeSpan.FromSeconds(seconds), confidence, slope * 60);
    }
}
