using Aide.Configuration;

namespace Aide.Resilience;

/// <summary>The resilience capability: retries of each provider, and the circuit breaker in front of it.</summary>
public sealed class ResilienceOptions
{
    /// <summary>Gets or sets the retries of a transient failure (429, 5xx, a connection dropped before any answer), 0 to 10 (default 2).</summary>
    public int Retries { get; set; } = AideDefaults.Retries;

    /// <summary>Gets or sets the first backoff delay, doubled on each further retry, with jitter (default 500 ms).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest Retry-After a retry waits for; a longer one is reported instead (default 30 s).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = AideDefaults.MaxRetryAfter;

    /// <summary>Gets or sets each provider's circuit breaker.</summary>
    public CircuitBreakerOptions Breaker { get; set; } = new();
}
