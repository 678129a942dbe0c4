namespace Aide.Health;

/// <summary>How healthy a component, or Aide as a whole, is; ordered from best to worst.</summary>
public enum HealthLevel
{
    /// <summary>Everything within its thresholds.</summary>
    Healthy,

    /// <summary>Working, with a warning (a warning threshold crossed, slow, or a check reporting degraded).</summary>
    Degraded,

    /// <summary>Not working as it should (a check failed or timed out).</summary>
    Unhealthy,

    /// <summary>A critical threshold is crossed.</summary>
    Critical,

    /// <summary>Aide cannot answer: every model provider is unhealthy.</summary>
    Down,
}
