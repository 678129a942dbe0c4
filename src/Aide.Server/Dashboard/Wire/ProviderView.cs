namespace Aide.Server.Dashboard.Wire;

/// <summary>One provider: its breaker (next probe when open), latency percentiles and error rate over its recent calls.</summary>
internal sealed record ProviderView(
    string Name, int Priority, string Breaker, DateTimeOffset? BreakerChangedAt, string? BreakerReason, DateTimeOffset? NextProbeAt,
    long Calls, long Failures, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, long FailoversFrom);
