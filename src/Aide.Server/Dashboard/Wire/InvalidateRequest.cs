namespace Aide.Server.Dashboard.Wire;

/// <summary><c>POST /api/cache/invalidate</c>: a tag or a key prefix (one of them).</summary>
internal sealed record InvalidateRequest(string? Tag, string? Prefix);
