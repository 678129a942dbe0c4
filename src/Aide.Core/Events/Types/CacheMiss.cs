namespace Aide.Events;

/// <summary>A cache lookup found nothing usable.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="KeyHash">A hash of the key, never the key text.</param>
/// <param name="Latency">Lookup time.</param>
public sealed partial record CacheMiss(string Cache, string KeyHash, TimeSpan Latency) : CacheEvent;
