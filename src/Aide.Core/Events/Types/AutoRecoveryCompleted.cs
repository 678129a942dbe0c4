namespace Aide.Events;

/// <summary>Automatic recovery ended.</summary>
/// <param name="Component">The component.</param>
/// <param name="Strategy">The strategy that ended it.</param>
/// <param name="Success">Whether the component recovered.</param>
/// <param name="Duration">How long recovery took.</param>
public sealed partial record AutoRecoveryCompleted(string Component, string Strategy, bool Success, TimeSpan Duration) : HealthEvent;
