namespace Aide.Caching.Memory;

/// <summary>
/// The memory tier: uncompressed values bounded by bytes and entry count, evicted in the order of an
/// <see cref="IEvictionOrder"/>. One lock guards the map and the order; a hit holds it for a lookup and a relink
/// (tens of nanoseconds), and the returned copy is made outside it.
/// </summary>
internal sealed class MemoryTier(long maxBytes, int maxEntries, CacheEvictionPolicy policy)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly IEvictionOrder _order = IEvictionOrder.Create(policy);
    private long _bytes;

    public long Bytes => Volatile.Read(ref _bytes);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Looks a key up, with when its entry was stored; an expired entry is removed and returned in <paramref name="expired"/>.</summary>
    public byte[]? TryGet(string key, long nowTicks, out MemoryEntry? expired, out long createdTicks)
    {
        expired = null;
        createdTicks = 0;
        byte[] value;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.Lifetime.IsExpired(nowTicks))
            {
                RemoveLocked(entry);
                expired = entry;
                return null;
            }

            entry.Lifetime = entry.Lifetime.Touched(nowTicks);
            entry.UnreportedReads++;
            _order.Touched(entry);
            value = entry.Value;
            createdTicks = entry.Lifetime.CreatedTicks;
        }

        return value.AsSpan().ToArray();
    }

    /// <summary>Stores a value (taking ownership of <paramref name="value"/>) and returns what had to leave to make room.</summary>
    public List<MemoryEntry>? Set(string key, byte[] value, EntryLifetime lifetime, string[] tags)
    {
        var entry = new MemoryEntry(key, value, lifetime, tags);
        List<MemoryEntry>? evicted = null;
        lock (_gate)
        {
            if (_entries.Remove(key, out var previous))
            {
                _order.Removed(previous);
                _bytes -= previous.Size;
            }

            // A value bigger than half the tier would push out everything else for one answer: disk only.
            if (entry.Size > maxBytes / 2)
            {
                return null;
            }

            // Room is made before the new entry goes in, so it is never its own victim (with LFU it would be).
            while ((_bytes + entry.Size > maxBytes || _entries.Count + 1 > maxEntries) && _order.Victim() is { } victim)
            {
                RemoveLocked(victim);
                (evicted ??= []).Add(victim);
            }

            _entries[key] = entry;
            _order.Added(entry);
            _bytes += entry.Size;
        }

        return evicted;
    }

    /// <summary>Renews the sliding expiry of a key without reading it.</summary>
    public bool Touch(string key, long nowTicks)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && !entry.Lifetime.IsExpired(nowTicks))
            {
                entry.Lifetime = entry.Lifetime.Touched(nowTicks);
                entry.UnreportedReads++;
                _order.Touched(entry);
                return true;
            }

            return false;
        }
    }

    public MemoryEntry? Remove(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                RemoveLocked(entry);
                return entry;
            }

            return null;
        }
    }

    /// <summary>Removes every entry matching <paramref name="match"/> and returns them.</summary>
    public List<MemoryEntry> RemoveWhere(Func<MemoryEntry, bool> match)
    {
        lock (_gate)
        {
            var removed = _entries.Values.Where(match).ToList();
            foreach (var entry in removed)
            {
                RemoveLocked(entry);
            }

            return removed;
        }
    }

    /// <summary>
    /// Returns the entries read since the last call, with their last access and read count, and resets the counts.
    /// Memory hits are reported to the disk tier this way (on sweep, statistics and dispose) instead of on the hit path,
    /// so disk LRU order and sliding expiry see them at no cost per hit.
    /// </summary>
    public List<(string Key, long AccessTicks, int Reads)> TakeReads()
    {
        lock (_gate)
        {
            var reads = new List<(string, long, int)>();
            foreach (var entry in _entries.Values)
            {
                if (entry.UnreportedReads > 0)
                {
                    reads.Add((entry.Key, entry.Lifetime.LastAccessTicks, entry.UnreportedReads));
                    entry.UnreportedReads = 0;
                }
            }

            return reads;
        }
    }

    /// <summary>Copies the live entries (for export of a memory-only cache).</summary>
    public List<MemoryEntry> Snapshot(long nowTicks)
    {
        lock (_gate)
        {
            return [.. _entries.Values.Where(e => !e.Lifetime.IsExpired(nowTicks))];
        }
    }

    public (long Count, long Bytes) Clear()
    {
        lock (_gate)
        {
            var result = ((long)_entries.Count, _bytes);
            _entries.Clear();
            _order.Clear();
            _bytes = 0;
            return result;
        }
    }

    private void RemoveLocked(MemoryEntry entry)
    {
        _entries.Remove(entry.Key);
        _order.Removed(entry);
        _bytes -= entry.Size;
    }
}
