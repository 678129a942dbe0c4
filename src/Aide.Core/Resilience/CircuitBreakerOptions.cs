namespace Aide.Resilience;

/// <summary>How a provider's circuit breaker decides to stop calling it, and when to try again.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Gets the share of failed calls in <see cref="SamplingDuration"/> that opens the circuit (default 0.5).</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Gets how many calls the window needs before the ratio counts (default 2, Polly's minimum): a dead
    /// provider is cut off after two failed attempts instead of being hammered.</summary>
    public int MinimumThroughput { get; init; } = 2;

    /// <summary>Gets the sliding window the ratio is computed over (default 30 s).</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long an open circuit refuses calls before one probe is let through (default 30 s).</summary>
    public TimeSpan BreakDuration { get; init; } = Configuration.AideDefaults.BreakDuration;
}
