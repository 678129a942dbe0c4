namespace Aide.Events;

/// <summary>Where in the cache an entry was found.</summary>
public enum CacheTier
{
    /// <summary>The in-memory tier.</summary>
    Memory,

    /// <summary>The on-disk tier.</summary>
    Disk,
}
