namespace Aide.Cli.Output;

/// <summary>A provider's circuit breaker in <see cref="HealthJson"/>.</summary>
internal sealed record HealthBreakerJson(string Provider, string State, DateTimeOffset ChangedAt, string Reason, DateTimeOffset? RetryAt);
