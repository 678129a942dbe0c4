namespace Aide.Events;

/// <summary>An entry's time to live ran out.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="KeyHash">A hash of the key.</param>
/// <param name="Age">How old the entry was.</param>
public sealed partial record CacheExpired(string Cache, string KeyHash, TimeSpan Age) : CacheEvent;
