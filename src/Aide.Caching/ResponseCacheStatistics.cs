namespace Aide.Caching;

/// <summary>
/// A snapshot of a <see cref="ResponseCache"/>. Hit, miss and eviction totals are the disk file's lifetime totals
/// (every process that used it) plus this process's; without a disk tier they are this process's only.
/// </summary>
public sealed record ResponseCacheStatistics
{
    /// <summary>Gets the entries in the memory tier.</summary>
    public long MemoryEntries { get; init; }

    /// <summary>Gets the bytes the memory tier holds (values, keys, overhead).</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Gets the entries on disk.</summary>
    public long DiskEntries { get; init; }

    /// <summary>Gets the bytes stored on disk (encoded: headers + compressed payloads).</summary>
    public long DiskStoredBytes { get; init; }

    /// <summary>Gets the original (uncompressed) bytes of the entries on disk.</summary>
    public long DiskOriginalBytes { get; init; }

    /// <summary>Gets the size of the disk file.</summary>
    public long DiskFileBytes { get; init; }

    /// <summary>Gets the entries on disk per codec (raw entries count under <see cref="CacheCodec.None"/>).</summary>
    public IReadOnlyDictionary<CacheCodec, long> DiskEntriesByCodec { get; init; } = new Dictionary<CacheCodec, long>();

    /// <summary>Gets, per codec, the stored bytes of the disk entries it wrote over their original bytes (lower is smaller).</summary>
    public IReadOnlyDictionary<CacheCodec, double> DiskCompressionRatioByCodec { get; init; } = new Dictionary<CacheCodec, double>();

    /// <summary>Gets the hits answered from memory.</summary>
    public long MemoryHits { get; init; }

    /// <summary>Gets the hits answered from disk.</summary>
    public long DiskHits { get; init; }

    /// <summary>Gets the lookups that found nothing usable.</summary>
    public long Misses { get; init; }

    /// <summary>Gets the entries evicted for room.</summary>
    public long Evictions { get; init; }

    /// <summary>Gets the entries removed because they expired.</summary>
    public long Expirations { get; init; }

    /// <summary>Gets the entries found damaged (bad checksum, unknown version), removed and treated as misses.</summary>
    public long CorruptEntries { get; init; }

    /// <summary>Gets hits / (hits + misses), or 0 before any lookup.</summary>
    public double HitRatio => MemoryHits + DiskHits + Misses == 0 ? 0 : (double)(MemoryHits + DiskHits) / (MemoryHits + DiskHits + Misses);

    /// <summary>Gets the real compression ratio: stored bytes / original bytes (0.33 = a third of the size), or 1 when empty.</summary>
    public double CompressionRatio => DiskOriginalBytes == 0 ? 1 : (double)DiskStoredBytes / DiskOriginalBytes;

    /// <summary>Gets the disk file, or <see langword="null"/> if the cache is memory-only.</summary>
    public string? DiskPath { get; init; }

    /// <summary>Gets why the disk tier is off, if it is.</summary>
    public string? DiskProblem { get; init; }

    /// <summary>Gets the codec new entries are stored with.</summary>
    public CacheCodec Codec { get; init; }

    /// <summary>Gets the eviction policy.</summary>
    public CacheEvictionPolicy Policy { get; init; }

    /// <summary>Gets the memory tier's bound in bytes.</summary>
    public long MemoryMaxBytes { get; init; }

    /// <summary>Gets the disk tier's bound in bytes.</summary>
    public long DiskMaxBytes { get; init; }
}
