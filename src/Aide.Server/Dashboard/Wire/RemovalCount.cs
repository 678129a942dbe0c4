namespace Aide.Server.Dashboard.Wire;

/// <summary>What an action removed: cache entries (and their bytes, for a clear), or a key.</summary>
internal sealed record RemovalCount(long Removed, long? Bytes);
