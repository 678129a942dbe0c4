namespace Aide.Caching.Memory;

/// <summary>
/// Least frequently used in O(1) per operation: one recency list per access count, and the lowest non-empty count
/// tracked. The victim is the least recently used entry among those used least often.
/// Counts are halved once they pass <see cref="AgingThreshold"/> in total, so answers that were popular long ago
/// do not stay forever (the classic weakness of plain LFU).
/// </summary>
internal sealed class LfuOrder : IEvictionOrder
{
    private const long AgingThreshold = 1_000_000;
    private readonly Dictionary<int, EntryList> _buckets = [];
    private int _minimum;
    private long _touches;

    public void Added(MemoryEntry entry)
    {
        entry.Frequency = 1;
        Bucket(1).AddFirst(entry);
        _minimum = 1;
    }

    public void Touched(MemoryEntry entry)
    {
        var from = _buckets[entry.Frequency];
        from.Remove(entry);
        if (from.Count == 0 && _minimum == entry.Frequency)
        {
            _minimum = entry.Frequency + 1;
        }

        entry.Frequency++;
        Bucket(entry.Frequency).AddFirst(entry);
        if (++_touches >= AgingThreshold)
        {
            Age();
        }
    }

    public void Removed(MemoryEntry entry)
    {
        var bucket = _buckets[entry.Frequency];
        bucket.Remove(entry);
        if (bucket.Count == 0 && _minimum == entry.Frequency)
        {
            _minimum = LowestNonEmpty();
        }
    }

    public MemoryEntry? Victim()
    {
        if (_buckets.TryGetValue(_minimum, out var bucket) && bucket.Last is { } victim)
        {
            return victim;
        }

        _minimum = LowestNonEmpty();
        return _buckets.TryGetValue(_minimum, out bucket) ? bucket.Last : null;
    }

    public void Clear()
    {
        _buckets.Clear();
        _minimum = 0;
        _touches = 0;
    }

    private EntryList Bucket(int frequency)
    {
        if (!_buckets.TryGetValue(frequency, out var bucket))
        {
            _buckets[frequency] = bucket = new EntryList();
        }

        return bucket;
    }

    private int LowestNonEmpty()
    {
        var lowest = 0;
        foreach (var (frequency, bucket) in _buckets)
        {
            if (bucket.Count > 0 && (lowest == 0 || frequency < lowest))
            {
                lowest = frequency;
            }
        }

        return lowest;
    }

    /// <summary>Halves every count, keeping each bucket's recency order (older buckets are merged behind newer ones).</summary>
    private void Age()
    {
        _touches = 0;
        var old = _buckets.OrderByDescending(b => b.Key).ToList();
        _buckets.Clear();
        foreach (var (frequency, bucket) in old)
        {
            var halved = Math.Max(1, frequency / 2);
            var target = Bucket(halved);

            var entries = new List<MemoryEntry>(bucket.Count);
            for (var e = bucket.First; e is not null; e = e.Next)
            {
                entries.Add(e);
            }

            foreach (var entry in entries)
            {
                entry.Frequency = halved;
            }

            // Buckets are merged from the highest old count down, so entries that were used more stay in front.
            AppendInOrder(target, entries);
        }

        _minimum = LowestNonEmpty();
    }

    private static void AppendInOrder(EntryList target, List<MemoryEntry> newestFirst)
    {
        // Rebuild: existing entries stay in front (they had higher counts), these follow in their recency order.
        var existing = new List<MemoryEntry>(target.Count);
        for (var e = target.First; e is not null; e = e.Next)
        {
            existing.Add(e);
        }

        target.Clear();
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            target.AddFirst(newestFirst[i]);
        }

        for (var i = existing.Count - 1; i >= 0; i--)
        {
            target.AddFirst(existing[i]);
        }
    }
}
