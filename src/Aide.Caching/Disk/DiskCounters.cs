namespace Aide.Caching.Disk;

/// <summary>Lifetime totals of the disk file, shared by every process using it.</summary>
internal sealed record DiskCounters(
    long Entries,
    long StoredBytes,
    long OriginalBytes,
    long MemoryHits,
    long DiskHits,
    long Misses,
    long Corrupt,
    long Evicted,
    long Expired,
    IReadOnlyDictionary<CacheCodec, long> EntriesByCodec,
    long FileBytes)
{
    /// <summary>Stored bytes over original bytes of the entries each codec wrote.</summary>
    public IReadOnlyDictionary<CacheCodec, double> CompressionRatioByCodec { get; init; } = new Dictionary<CacheCodec, double>();
}
