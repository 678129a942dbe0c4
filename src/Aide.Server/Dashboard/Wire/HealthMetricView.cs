namespace Aide.Server.Dashboard.Wire;

/// <summary>A metric's last value, its thresholds when the check has them, and its samples oldest first (the sparkline).</summary>
internal sealed record HealthMetricView(string Name, double Value, double? Warning, double? Critical, string? Direction, IReadOnlyList<double> Samples);
