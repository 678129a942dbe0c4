namespace Aide.Cli.Output;

/// <summary>What <c>aide cache stats --json</c> prints.</summary>
internal sealed record CacheJsonStats(
    string? Path,
    bool DiskEnabled,
    string? DiskProblem,
    long Entries,
    long StoredBytes,
    long OriginalBytes,
    double CompressionRatio,
    long FileBytes,
    Dictionary<string, long> EntriesByCodec,
    long MemoryHits,
    long DiskHits,
    long Misses,
    double HitRatio,
    long Evictions,
    long Expirations,
    long CorruptEntries,
    string Codec,
    string Policy,
    long MaxBytes);
