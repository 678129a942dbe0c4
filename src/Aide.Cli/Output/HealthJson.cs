namespace Aide.Cli.Output;

/// <summary>What <c>aide health --json</c> prints.</summary>
internal sealed record HealthJson(string Level, double Score, DateTimeOffset TakenAt, HealthComponentJson[] Components, HealthBreakerJson[] Breakers);
