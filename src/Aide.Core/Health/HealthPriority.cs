namespace Aide.Health;

/// <summary>How often a check runs: each class has its own default interval and timeout (the original system's classes).</summary>
public enum HealthPriority
{
    /// <summary>Every 5 s (e.g. provider reachability).</summary>
    Critical,

    /// <summary>Every 15 s (e.g. chat error rate).</summary>
    High,

    /// <summary>Every 30 s (e.g. memory, cache hit ratio).</summary>
    Normal,

    /// <summary>Every 60 s (e.g. disk space).</summary>
    Low,

    /// <summary>Every 300 s (e.g. store integrity).</summary>
    Background,
}
