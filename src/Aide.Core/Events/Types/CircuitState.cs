namespace Aide.Events;

/// <summary>A circuit breaker's state.</summary>
public enum CircuitState
{
    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Calls are refused until the break ends.</summary>
    Open,

    /// <summary>A probe call is allowed through.</summary>
    HalfOpen,

    /// <summary>Held open by hand.</summary>
    Isolated,
}
