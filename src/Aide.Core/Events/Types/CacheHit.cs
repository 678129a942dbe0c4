namespace Aide.Events;

/// <summary>A cache lookup found a live entry.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="KeyHash">A hash of the key, never the key text.</param>
/// <param name="Tier">The tier that answered.</param>
/// <param name="Latency">Lookup time.</param>
public sealed partial record CacheHit(string Cache, string KeyHash, CacheTier Tier, TimeSpan Latency) : CacheEvent;
