namespace Aide.Server.Dashboard.Wire;

/// <summary>One finished request: which provider answered (or failed), from the cache or not.</summary>
internal sealed record AnswerView(DateTimeOffset At, string Provider, string? Model, bool Ok, bool FromCache, double LatencyMs, string? Error, string? RequestId);
