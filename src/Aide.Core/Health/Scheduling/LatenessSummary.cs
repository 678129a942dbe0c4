namespace Aide.Health.Scheduling;

/// <summary>Tick lateness in milliseconds (<see cref="Last"/>: the latest tick's).</summary>
internal sealed record LatenessSummary(int Ticks, double P50, double P90, double P99, double P999, double Max, double Min, double Mean, double Last, long Skipped);
