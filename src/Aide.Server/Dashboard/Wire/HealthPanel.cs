namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/health</c>: the monitor's latest snapshot, with each metric's threshold and recent samples.</summary>
internal sealed record HealthPanel(string Level, double Score, DateTimeOffset? TakenAt, IReadOnlyList<HealthComponentView> Components);
