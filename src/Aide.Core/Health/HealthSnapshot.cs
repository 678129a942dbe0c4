namespace Aide.Health;

/// <summary>Aide's health at one moment: overall level and score, and every component.</summary>
/// <param name="Level">The overall level: <see cref="HealthLevel.Down"/> when every provider is unhealthy, else the worst component's.</param>
/// <param name="Score">
/// 0 to 100: the components' levels (healthy 100, degraded 70, unhealthy 30, critical 10) weighted by priority class,
/// never above what the overall level allows (degraded 89, unhealthy 59, critical 29, down 0: nothing can answer).
/// </param>
/// <param name="Components">Each component's latest state.</param>
/// <param name="TakenAt">When the snapshot was taken.</param>
public sealed record HealthSnapshot(HealthLevel Level, double Score, IReadOnlyList<ComponentHealth> Components, DateTimeOffset TakenAt);
