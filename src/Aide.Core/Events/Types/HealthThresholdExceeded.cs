namespace Aide.Events;

/// <summary>A health metric crossed its warning or critical threshold.</summary>
/// <param name="Component">The component measured.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold crossed.</param>
public sealed partial record HealthThresholdExceeded(string Component, string Metric, double Value, double Threshold) : HealthEvent;
