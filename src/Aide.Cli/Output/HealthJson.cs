namespace Aide.Cli.Output;

/// <summary>What <c>aide health --json</c> prints; <paramref name="ScoreMeaning"/> says beside the score what it means.</summary>
internal sealed record HealthJson(string Level, double Score, string ScoreMeaning, DateTimeOffset TakenAt, HealthComponentJson[] Components, HealthBreakerJson[] Breakers)
{
    public const string Meaning = "0-100: the components' levels (healthy 100, degraded 70, unhealthy 30, critical 10) weighted by priority (critical checks count most), never above what the overall level allows (degraded 89, unhealthy 59, critical 29, down 0)";
}
