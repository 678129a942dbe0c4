namespace Aide.Health.Thresholds;

/// <summary>
/// Warning and critical levels for one metric, with hysteresis (a level is left only once the value is back past
/// <see cref="Recovery"/>), a number of consecutive breaches required, and the window they must fall in.
/// </summary>
public sealed class MetricThreshold
{
    /// <summary>Creates a threshold.</summary>
    /// <param name="metric">The metric's key in the check's data (e.g. <c>latency_ms</c>).</param>
    /// <param name="warning">The warning level.</param>
    /// <param name="critical">The critical level.</param>
    /// <param name="direction">Which side is bad.</param>
    public MetricThreshold(string metric, double warning, double critical, ThresholdDirection direction = ThresholdDirection.Above)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (direction == ThresholdDirection.Above ? critical < warning : critical > warning)
        {
            throw new ArgumentException($"The critical level of {metric} ({critical}) must be beyond its warning level ({warning}).", nameof(critical));
        }

        Metric = metric;
        Warning = warning;
        Critical = critical;
        Direction = direction;
    }

    /// <summary>Gets the metric's key.</summary>
    public string Metric { get; }

    /// <summary>Gets the warning level.</summary>
    public double Warning { get; }

    /// <summary>Gets the critical level.</summary>
    public double Critical { get; }

    /// <summary>Gets which side is bad.</summary>
    public ThresholdDirection Direction { get; }

    /// <summary>Gets the level a value must return past to clear a breach (default: the warning level, i.e. no hysteresis).</summary>
    public double? Recovery { get; init; }

    /// <summary>Gets how many breaching samples in a row raise the level (default 3).</summary>
    public int ConsecutiveBreaches { get; init; } = 3;

    /// <summary>Gets the window those samples must fall in (default 5 minutes); older breaches start the count again.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="value"/> is on the bad side of <paramref name="level"/>.</summary>
    internal bool Beyond(double value, double level) => Direction == ThresholdDirection.Above ? value >= level : value <= level;

    /// <summary>Whether <paramref name="value"/> is back on the good side of the recovery level.</summary>
    internal bool Recovered(double value) => Direction == ThresholdDirection.Above ? value < (Recovery ?? Warning) : value > (Recovery ?? Warning);
}
