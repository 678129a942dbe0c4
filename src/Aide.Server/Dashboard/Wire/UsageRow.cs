namespace Aide.Server.Dashboard.Wire;

/// <summary>One bucket: its start (UTC), provider, model, the key's name (when keys are in use) and its counts.</summary>
internal sealed record UsageRow(DateTimeOffset Start, string Provider, string? Model, string? Key, long Requests, long InputTokens, long OutputTokens, long CachedRequests);
