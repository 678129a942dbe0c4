namespace Aide.Events;

/// <summary>An entry left the cache.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="KeyHash">A hash of the key.</param>
/// <param name="Reason">Why.</param>
/// <param name="Bytes">Bytes freed.</param>
public sealed partial record CacheEviction(string Cache, string KeyHash, EvictionReason Reason, long Bytes) : CacheEvent;
