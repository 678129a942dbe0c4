namespace Aide.Events;

/// <summary>Automatic recovery began for a component.</summary>
/// <param name="Component">The component.</param>
/// <param name="Issue">What is wrong.</param>
/// <param name="Strategies">Recovery strategies available, in the order they will be tried.</param>
public sealed partial record AutoRecoveryStarted(string Component, string Issue, IReadOnlyList<string> Strategies) : HealthEvent;
