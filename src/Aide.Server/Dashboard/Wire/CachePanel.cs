namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/cache</c>: the response cache's figures, its hit ratio per minute and its evictions by reason.</summary>
internal sealed record CachePanel(
    bool Enabled, long MemoryEntries, long MemoryBytes, long DiskEntries, long DiskStoredBytes, long DiskOriginalBytes, double HitRatio,
    long Hits, long Misses, string? Codec, IReadOnlyDictionary<string, long> EntriesByCodec, IReadOnlyDictionary<string, double> CompressionByCodec, IReadOnlyDictionary<string, long> EvictionsByReason,
    IReadOnlyList<HitRatioPoint> HitRatioByMinute, string? Problem);
