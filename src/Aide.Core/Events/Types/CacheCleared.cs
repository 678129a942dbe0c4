namespace Aide.Events;

/// <summary>The cache (or a namespace of it) was emptied.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="Count">Entries removed.</param>
/// <param name="Bytes">Bytes freed.</param>
public sealed partial record CacheCleared(string Cache, long Count, long Bytes) : CacheEvent;
