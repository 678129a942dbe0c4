namespace Aide.Events;

/// <summary>Entries were invalidated.</summary>
/// <param name="Cache">The cache name.</param>
/// <param name="Scope">What was matched: key, tag or prefix.</param>
/// <param name="Match">The tag or prefix (a hash for a key).</param>
/// <param name="Count">Entries invalidated.</param>
public sealed partial record CacheInvalidated(string Cache, InvalidationScope Scope, string Match, long Count) : CacheEvent;
