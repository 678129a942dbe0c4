namespace Aide.Server.Dashboard.Wire;

/// <summary>What an invalidate or clear removed.</summary>
internal sealed record CacheActionResult(long Removed, long? Bytes);
