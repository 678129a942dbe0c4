namespace Aide.Health;

/// <summary>How the <see cref="HealthMonitor"/> predicts and recovers.</summary>
public sealed class HealthMonitorOptions
{
    /// <summary>Gets or sets how many recent samples of a metric the trend is fitted over (default 30).</summary>
    public int PredictionWindow { get; set; } = 30;

    /// <summary>Gets or sets how many samples a trend needs before it predicts (default 10).</summary>
    public int PredictionMinimumSamples { get; set; } = 10;

    /// <summary>Gets or sets how far ahead a predicted breach raises an alert (default 30 minutes).</summary>
    public TimeSpan PredictionHorizon { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the confidence (0 to 1: probability of reaching the level within the horizon) a prediction needs to raise an alert (default 0.8).</summary>
    public double PredictionMinimumConfidence { get; set; } = 0.8;

    /// <summary>Gets or sets a value indicating whether unhealthy components are repaired (default true; a one-off check turns it off so that looking changes nothing).</summary>
    public bool AutoRecovery { get; set; } = true;

    /// <summary>Gets or sets how many rounds of repairs are tried before giving up (default 3).</summary>
    public int RecoveryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the wait after the first failed round, doubled after each further one (default 2 s).</summary>
    public TimeSpan RecoveryBackoff { get; set; } = TimeSpan.FromSeconds(2);
}
