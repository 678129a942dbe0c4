namespace Aide.Caching;

/// <summary>Bounds, lifetimes and encoding of a <see cref="ResponseCache"/>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Gets the folder of the disk tier (<c>responses.db</c>), or <see langword="null"/> for a memory-only cache.</summary>
    public string? Directory { get; init; }

    /// <summary>Gets the name used in events and metrics.</summary>
    public string Name { get; init; } = "responses";

    /// <summary>Gets the memory tier's bound in bytes (values, keys and per-entry overhead). 0 turns the memory tier off.</summary>
    public long MemoryMaxBytes { get; init; } = 64L << 20;

    /// <summary>Gets the memory tier's bound in entries.</summary>
    public int MemoryMaxEntries { get; init; } = 10_000;

    /// <summary>Gets the disk tier's bound in stored (compressed) bytes; past it, entries are evicted down to 90%.</summary>
    public long DiskMaxBytes { get; init; } = 512L << 20;

    /// <summary>Gets how long an entry lives when the caller sets no expiration; <see cref="TimeSpan.Zero"/> keeps it until evicted.</summary>
    public TimeSpan DefaultTimeToLive { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets the codec of the disk tier. LZ4 by default, by measurement (benchmarks/results): on chat JSON Zstandard stores
    /// 30–45% less, but both decode a 4 KB answer in microseconds, and in a short-lived CLI the first use of the managed
    /// Zstandard port costs ~70 ms of JIT against ~8 ms for LZ4 — more than every other cost of a cached answer.
    /// </summary>
    public CacheCodec Codec { get; init; } = CacheCodec.Lz4;

    /// <summary>Gets the size under which values are stored uncompressed (headers and dictionaries would eat the gain).</summary>
    public int CompressionThreshold { get; init; } = 256;

    /// <summary>Gets the fraction a value must shrink by to be stored compressed (0.1 = 10%); otherwise it is stored raw.</summary>
    public double MinimumSavings { get; init; } = 0.1;

    /// <summary>Gets which entry leaves first when a tier is full.</summary>
    public CacheEvictionPolicy Policy { get; init; } = CacheEvictionPolicy.Lru;

    /// <summary>Gets how often expired entries are swept while the cache is in use; an idle cache schedules nothing.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long a write waits for another process holding the disk tier's lock before giving up (the entry is then only in memory).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
