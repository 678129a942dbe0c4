using Aide.Health.Thresholds;

namespace Aide.Health.Prediction;

/// <summary>
/// Forecasts when a metric will cross its next threshold level: an ordinary least-squares line over a sliding window
/// of samples (by timestamp, so irregular intervals are fine). The confidence is the probability, under the fit's own
/// uncertainty (slope ± its standard error), that the trend reaches the level within the horizon: noise around a flat
/// level and a lone spike score near 0, a steady leak rises towards 1 as the breach nears. Written by hand: a few
/// lines of arithmetic, and no maintained .NET library offers streaming regression without a large dependency.
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

        var n = _samples.Count;
        if (n < Math.Max(3, minimumSamples))
        {
            return null;
        }

        var origin = _samples.Peek().At;
        double meanT = 0, meanV = 0;
        foreach (var (when, v) in _samples)
        {
            meanT += (when - origin).TotalSeconds;
            meanV += v;
        }

        meanT /= n;
        meanV /= n;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var (when, v) in _samples)
        {
            var dt = (when - origin).TotalSeconds - meanT;
            var dv = v - meanV;
            sxx += dt * dt;
            sxy += dt * dv;
            syy += dv * dv;
        }

        if (sxx <= 0)
        {
            return null; // every sample at one instant
        }

        // Work in the "bad" direction so that one formula serves Above and Below thresholds.
        var sign = threshold.Direction == ThresholdDirection.Above ? 1 : -1;
        var slope = sign * sxy / sxx;
        var fitted = sign * (meanV + (sxy / sxx * ((at - origin).TotalSeconds - meanT)));
        var level = threshold.Beyond(sign * fitted, threshold.Warning) ? threshold.Critical : threshold.Warning;
        var distance = (sign * level) - fitted;
        if (slope <= 0 || distance <= 0)
        {
            return null; // not heading there, or already there (a threshold breach, not a prediction)
        }

        var seconds = distance / slope;
        if (seconds > horizon.TotalSeconds)
        {
            return null;
        }

        var residual = Math.Max(0, syy - (sxy * sxy / sxx)) / (n - 2);
        var standardError = Math.Sqrt(residual / sxx);
        var needed = distance / horizon.TotalSeconds;
        var confidence = standardError == 0 ? 1 : NormalCdf((slope - needed) / standardError);
        return new TrendPrediction(level, at + TimeSpan.FromSeconds(seconds), confidence, sign * slope * 60);
    }

    /// <summary>Φ(z), the standard normal CDF (Abramowitz and Stegun 7.1.26; error below 1.5e-7).</summary>
    internal static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
