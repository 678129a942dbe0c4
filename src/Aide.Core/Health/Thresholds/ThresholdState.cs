namespace Aide.Health.Thresholds;

/// <summary>Where one metric stands against its <see cref="MetricThreshold"/>: the level reached and the breach streak.</summary>
internal sealed class ThresholdState(MetricThreshold threshold)
{
    private int _streak;
    private HealthLevel _streakLevel;
    private DateTimeOffset _streakStart;

    public MetricThreshold Threshold { get; } = threshold;

    /// <summary>Gets the level reached: <see cref="HealthLevel.Healthy"/>, <see cref="HealthLevel.Degraded"/> (warning) or <see cref="HealthLevel.Critical"/>.</summary>
    public HealthLevel Level { get; private set; }

    /// <summary>Takes a sample; returns the level newly reached (to publish), or <see langword="null"/> if it did not rise.</summary>
    public HealthLevel? Observe(double value, DateTimeOffset at)
    {
        var breach = Threshold.Beyond(value, Threshold.Critical) ? HealthLevel.Critical
            : Threshold.Beyond(value, Threshold.Warning) ? HealthLevel.Degraded
            : HealthLevel.Healthy;

        if (Level != HealthLevel.Healthy && Threshold.Recovered(value))
        {
            Level = HealthLevel.Healthy; // back past the recovery level: cleared (hysteresis in between)
        }

        if (breach <= Level)
        {
            _streak = 0;
            return null;
        }

        if (_streak == 0 || at - _streakStart > Threshold.Window)
        {
            _streak = 0;
            _streakStart = at;
            _streakLevel = breach;
        }

        _streak++;
        _streakLevel = breach < _streakLevel ? breach : _streakLevel; // the streak proves the lowest level it saw
        if (_streak < Threshold.ConsecutiveBreaches)
        {
            return null;
        }

        _streak = 0;
        Level = _streakLevel;
        return Level;
    }
}
