using Aide.Caching.Memory;
using Aide.Events;
using Microsoft.Extensions.Caching.Distributed;

namespace Aide.Caching;

/// <summary>Invalidation by key, tag, prefix and namespace, and clearing.</summary>
public sealed partial class ResponseCache
{
    /// <summary>Separates a namespace from the key inside it.</summary>
    public const char NamespaceSeparator = '\u001f';

    /// <summary>Removes one key from both tiers.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it was there.</returns>
    public bool Invalidate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var inMemory = _memory?.Remove(key) is not null;
        var onDisk = WithDisk(disk => disk.Remove(key), null) is not null;
        var count = inMemory || onDisk ? 1 : 0;
        _events.Invalidated(InvalidationScope.Key, CacheKeyHash.Of(key), count);
        return count > 0;
    }

    /// <summary>
    /// Removes an entry whose bytes passed their checksum but do not decode to an answer (written by a damaged import or
    /// another program): counted, measured and reported as a damaged entry, so its question goes to the model next.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="length">The entry's length in bytes.</param>
    internal void DiscardUnreadable(string key, int length)
    {
        _memory?.Remove(key);
        var onDisk = WithDisk(
            disk =>
            {
                var removed = disk.Remove(key);
                disk.Count("corrupt");
                return removed;
            },
            null);
        if (onDisk is null)
        {
            Interlocked.Increment(ref _corrupt);
        }

        _metrics.Evicted(EvictionReason.Corrupt, 1);
        _events.Evicted(key, EvictionReason.Corrupt, length);
    }

    /// <summary>Removes every entry stored with <paramref name="tag"/> (see <see cref="TaggedCacheEntryOptions"/>).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>How many distinct entries were removed.</returns>
    public long InvalidateTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return InvalidateWhere(InvalidationScope.Tag, tag, e => e.Tags.Contains(tag, StringComparer.Ordinal), disk => disk.RemoveByTag(tag));
    }

    /// <summary>Removes every entry whose key starts with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <returns>How many distinct entries were removed.</returns>
    public long InvalidatePrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return InvalidateWhere(InvalidationScope.Prefix, CacheKeyHash.Of(prefix), e => e.Key.StartsWith(prefix, StringComparison.Ordinal), disk => disk.RemoveByPrefix(prefix));
    }

    /// <summary>Removes every entry of a namespace (see <see cref="Namespace"/>).</summary>
    /// <param name="name">The namespace.</param>
    /// <returns>How many entries were removed.</returns>
    public long InvalidateNamespace(string name)
    {
        var prefix = NamespacePrefix(name);
        return InvalidateWhere(InvalidationScope.Namespace, name, e => e.Key.StartsWith(prefix, StringComparison.Ordinal), disk => disk.RemoveByPrefix(prefix));
    }

    /// <summary>Empties both tiers.</summary>
    /// <returns>Entries and bytes removed (the disk tier's, or the memory tier's when there is no disk tier).</returns>
    public (long Count, long Bytes) Clear()
    {
        var memory = _memory?.Clear() ?? (0, 0);
        var disk = WithDisk(d => d.Clear(), ((long, long)?)null);
        var (count, bytes) = disk ?? memory;
        _events.Cleared(count, bytes);
        return (count, bytes);
    }

    /// <summary>
    /// A view of this cache whose keys live in their own namespace: the same tiers and bounds, invalidated together
    /// with <see cref="InvalidateNamespace"/>.
    /// </summary>
    /// <param name="name">Letters, digits, '-', '_' or '.'; at most 64 characters.</param>
    /// <returns>An <see cref="IDistributedCache"/> over the namespace.</returns>
    public IDistributedCache Namespace(string name) => new NamespacedCache(this, NamespacePrefix(name));

    private static string NamespacePrefix(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A namespace is 1 to 64 letters, digits, '-', '_' or '.'.", nameof(name));
        }

        return name + NamespaceSeparator;
    }

    private long InvalidateWhere(InvalidationScope scope, string match, Func<MemoryEntry, bool> memoryMatch, Func<Disk.DiskTier, List<Disk.RemovedEntry>> diskRemove)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _memory?.RemoveWhere(memoryMatch) ?? [])
        {
            keys.Add(entry.Key);
        }

        foreach (var entry in WithDisk(diskRemove, []))
        {
            keys.Add(entry.Key);
        }

        _events.Invalidated(scope, match, keys.Count);
        return keys.Count;
    }

    private sealed class NamespacedCache(ResponseCache cache, string prefix) : IDistributedCache
    {
        public byte[]? Get(string key) => cache.Get(prefix + key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => cache.GetAsync(prefix + key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => cache.Set(prefix + key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => cache.SetAsync(prefix + key, value, options, token);

        public void Refresh(string key) => cache.Refresh(prefix + key);

        public Task RefreshAsync(string key, CancellationToken token = default) => cache.RefreshAsync(prefix + key, token);

        public void Remove(string key) => cache.Remove(prefix + key);

        public Task RemoveAsync(string key, CancellationToken token = default) => cache.RemoveAsync(prefix + key, token);
    }
}
