namespace Aide.Caching.Memory;

/// <summary>Keeps the memory tier's entries in the order they should leave when room is needed. Called under the tier's lock.</summary>
internal interface IEvictionOrder
{
    void Added(MemoryEntry entry);

    void Touched(MemoryEntry entry);

    void Removed(MemoryEntry entry);

    /// <summary>Returns the entry to evict next, or <see langword="null"/> when empty.</summary>
    MemoryEntry? Victim();

    void Clear();

    public static IEvictionOrder Create(CacheEvictionPolicy policy) => policy switch
    {
        CacheEvictionPolicy.Lfu => new LfuOrder(),
        _ => new LruOrder(),
    };
}
