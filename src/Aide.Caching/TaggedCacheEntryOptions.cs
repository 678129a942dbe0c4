using Microsoft.Extensions.Caching.Distributed;

namespace Aide.Caching;

/// <summary>Expiration plus tags, for <see cref="ResponseCache.InvalidateTag"/>. Plain <see cref="DistributedCacheEntryOptions"/> work too (no tags).</summary>
public sealed class TaggedCacheEntryOptions : DistributedCacheEntryOptions
{
    /// <summary>Gets the tags of the entry, e.g. <c>model:gpt-4o</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
