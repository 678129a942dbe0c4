namespace Aide.Events;

/// <summary>Why an entry left the cache.</summary>
public enum EvictionReason
{
    /// <summary>Room was needed (size or count bound).</summary>
    Capacity,

    /// <summary>Its time to live ran out.</summary>
    Expired,

    /// <summary>It was invalidated by key, tag or prefix.</summary>
    Invalidated,

    /// <summary>It failed its integrity check.</summary>
    Corrupt,

    /// <summary>A newer value replaced it.</summary>
    Replaced,
}
