namespace Aide.Events;

/// <summary>A circuit breaker changed state.</summary>
/// <param name="Component">The guarded component (e.g. a provider).</param>
/// <param name="From">The previous state.</param>
/// <param name="To">The new state.</param>
/// <param name="Reason">Why it changed.</param>
public sealed partial record CircuitBreakerStateChanged(string Component, CircuitState From, CircuitState To, string Reason) : HealthEvent;
