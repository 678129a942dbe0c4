namespace Aide.Caching.Memory;

/// <summary>One value in the memory tier, linked into its tier's eviction order. Guarded by the tier's lock.</summary>
internal sealed class MemoryEntry(string key, byte[] value, EntryLifetime lifetime, string[] tags)
{
    /// <summary>Bookkeeping per entry (object headers, dictionary slot, links), counted against the byte bound.</summary>
    private const int Overhead = 128;

    public string Key { get; } = key;

    /// <summary>Gets the value; never mutated once stored (callers get copies).</summary>
    public byte[] Value { get; } = value;

    public EntryLifetime Lifetime { get; set; } = lifetime;

    public string[] Tags { get; } = tags;

    public long Size { get; } = value.Length + (key.Length * 2L) + Overhead;

    public MemoryEntry? Previous { get; set; }

    public MemoryEntry? Next { get; set; }

    /// <summary>Gets or sets the reads since the disk tier was last told (see <see cref="MemoryTier.TakeReads"/>).</summary>
    public int UnreportedReads { get; set; }

    /// <summary>Gets or sets the access count (for <see cref="CacheEvictionPolicy.Lfu"/>).</summary>
    public int Frequency { get; set; }
}
