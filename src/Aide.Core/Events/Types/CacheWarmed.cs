namespace Aide.Events;

/// <summary>The cache was filled ahead of use.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="Count">Entries added.</param>
/// <param name="Bytes">Bytes added.</param>
/// <param name="Elapsed">How long warming took.</param>
public sealed partial record CacheWarmed(string Cache, long Count, long Bytes, TimeSpan Elapsed) : CacheEvent;
