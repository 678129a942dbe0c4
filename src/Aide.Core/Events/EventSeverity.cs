namespace Aide.Events;

/// <summary>How much an event matters to someone watching.</summary>
public enum EventSeverity
{
    /// <summary>Routine detail.</summary>
    Debug,

    /// <summary>Normal operation.</summary>
    Info,

    /// <summary>Something degraded or worth a look.</summary>
    Warning,

    /// <summary>Something failed.</summary>
    Error,

    /// <summary>A component is down or data is at risk.</summary>
    Critical,
}
