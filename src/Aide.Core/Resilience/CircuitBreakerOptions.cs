namespace Aide.Resilience;

/// <summary>How a provider's circuit breaker decides to stop calling it, and when to try again.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Gets or sets the share of failed requests in <see cref="SamplingDuration"/> that opens the circuit (default 0.5).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many requests the window needs before the ratio counts (default 2, Polly's minimum): a dead
    /// provider is cut off after two failed requests instead of being hammered.</summary>
    public int MinimumThroughput { get; set; } = 2;

    /// <summary>Gets or sets the sliding window the ratio is computed over (default 30 s).</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit refuses calls before one probe is let through (default 30 s, at least 500 ms).</summary>
    public TimeSpan BreakDuration { get; set; } = Configuration.AideDefaults.BreakDuration;
}
