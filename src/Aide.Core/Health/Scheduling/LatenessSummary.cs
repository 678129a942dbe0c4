namespace Aide.Health.Scheduling;

/// <summary>Tick lateness in milliseconds.</summary>
/// <param name="Ticks">The ticks summarized.</param>
/// <param name="P50">The median.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="P999">The 99.9th percentile.</param>
/// <param name="Max">The latest tick of all.</param>
/// <param name="Min">The earliest.</param>
/// <param name="Mean">The mean.</param>
/// <param name="Last">The latest tick's.</param>
/// <param name="Skipped">Ticks skipped because the previous run was still going.</param>
public sealed record LatenessSummary(int Ticks, double P50, double P90, double P99, double P999, double Max, double Min, double Mean, double Last, long Skipped);
