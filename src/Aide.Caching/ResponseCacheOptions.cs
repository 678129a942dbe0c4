using Aide.Storage;

namespace Aide.Caching;

/// <summary>Bounds, lifetimes and encoding of a <see cref="ResponseCache"/>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Gets or sets the folder of the disk tier (<c>responses.db</c>), or <see langword="null"/> for a memory-only cache.</summary>
    public string? Directory { get; set; }

    /// <summary>Gets or sets the name used in events and metrics.</summary>
    public string Name { get; set; } = "responses";

    /// <summary>Gets or sets the memory tier's bound in bytes (values, keys and per-entry overhead). 0 turns the memory tier off.</summary>
    public long MemoryMaxBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets the memory tier's bound in entries.</summary>
    public int MemoryMaxEntries { get; set; } = 10_000;

    /// <summary>Gets or sets the disk tier's bound in stored (compressed) bytes; past it, entries are evicted down to 90%.</summary>
    public long DiskMaxBytes { get; set; } = 512L << 20;

    /// <summary>Gets or sets how long an entry lives when the caller sets no expiration; <see cref="TimeSpan.Zero"/> keeps it until evicted.</summary>
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets the codec of the disk tier. LZ4 by default, by measurement (benchmarks/results): on chat JSON Zstandard stores
    /// 30–45% less, but both decode a 4 KB answer in microseconds, and in a short-lived CLI the first use of the managed
    /// Zstandard port costs ~70 ms of JIT against ~8 ms for LZ4 — more than every other cost of a cached answer.
    /// </summary>
    public CacheCodec Codec { get; set; } = CacheCodec.Lz4;

    /// <summary>Gets or sets the size under which values are stored uncompressed (headers and dictionaries would eat the gain).</summary>
    public int CompressionThreshold { get; set; } = 256;

    /// <summary>Gets or sets the fraction a value must shrink by to be stored compressed (0.1 = 10%); otherwise it is stored raw.</summary>
    public double MinimumSavings { get; set; } = 0.1;

    /// <summary>Gets or sets which entry leaves first when a tier is full.</summary>
    public CacheEvictionPolicy Policy { get; set; } = CacheEvictionPolicy.Lru;

    /// <summary>Gets or sets how often expired entries are swept while the cache is in use; an idle cache schedules nothing.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a write waits for another process holding the disk tier's lock before giving up (the entry is then only in memory).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets where the disk tier is opened and its deferred counters written: at once (<see cref="StoreOpener.Inline"/>,
    /// the default) or on the host's background opener, so a short command goes on meanwhile.
    /// </summary>
    public StoreOpener Opener { get; set; } = StoreOpener.Inline;
}
