namespace Aide.Caching;

/// <summary>Which entry leaves first when a tier is full.</summary>
public enum CacheEvictionPolicy
{
    /// <summary>Least recently used.</summary>
    Lru = 0,

    /// <summary>Least frequently used; among equals, least recently used. Keeps answers asked often over one-offs.</summary>
    Lfu = 1,
}
