using Aide.Events;
using Aide.Storage;

namespace Aide.Caching;

/// <summary>The background sweep of expired entries and statistics.</summary>
public sealed partial class ResponseCache
{
    private const int SweepBatch = 1_000;
    private readonly ITimer _sweepTimer;
    private int _sweepArmed;

    /// <summary>Removes expired entries from both tiers now (the background sweep does this every <see cref="ResponseCacheOptions.SweepInterval"/> while the cache is in use).</summary>
    /// <returns>How many entries were removed.</returns>
    public int SweepExpired()
    {
        // Memory reads first: they renew sliding expiry on disk, so the disk copy of an entry in use is not swept.
        FlushCounters();
        var now = _time.GetUtcNow().UtcTicks;
        var fromMemory = _memory?.RemoveWhere(e => e.Lifetime.IsExpired(now)) ?? [];
        foreach (var entry in fromMemory)
        {
            _events.Expired(entry.Key, entry.Lifetime.CreatedTicks, now);
        }

        // An entry held by both tiers expires once: one event, one count.
        var reported = fromMemory.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var fromDisk = WithDisk(disk => disk.SweepExpired(now, SweepBatch), []);
        foreach (var entry in fromDisk)
        {
            if (reported.Add(entry.Key))
            {
                _events.Expired(entry.Key, entry.CreatedTicks, now);
            }
        }

        _metrics.Evicted(EvictionReason.Expired, reported.Count);
        return reported.Count;
    }

    /// <summary>Reads the cache's statistics (this writes buffered counters to disk first).</summary>
    /// <returns>A snapshot.</returns>
    public ResponseCacheStatistics GetStatistics()
    {
        FlushCounters();
        var disk = WithDisk(d => d.ReadCounters(), null);
        return new ResponseCacheStatistics
        {
            MemoryEntries = _memory?.Count ?? 0,
            MemoryBytes = _memory?.Bytes ?? 0,
            DiskEntries = disk?.Entries ?? 0,
            DiskStoredBytes = disk?.StoredBytes ?? 0,
            DiskOriginalBytes = disk?.OriginalBytes ?? 0,
            DiskFileBytes = disk?.FileBytes ?? 0,
            DiskEntriesByCodec = disk?.EntriesByCodec ?? new Dictionary<CacheCodec, long>(),
            DiskCompressionRatioByCodec = disk?.CompressionRatioByCodec ?? new Dictionary<CacheCodec, double>(),
            MemoryHits = disk?.MemoryHits ?? Interlocked.Read(ref _memoryHits),
            DiskHits = disk?.DiskHits ?? Interlocked.Read(ref _diskHits),
            Misses = disk?.Misses ?? Interlocked.Read(ref _misses),
            Evictions = disk?.Evicted ?? 0,
            Expirations = disk?.Expired ?? 0,
            CorruptEntries = disk?.Corrupt ?? Interlocked.Read(ref _corrupt),
            DiskPath = DiskPath,
            DiskProblem = DiskProblem,
            Codec = _options.Codec,
            Policy = _options.Policy,
            MemoryMaxBytes = _options.MemoryMaxBytes,
            DiskMaxBytes = _options.DiskMaxBytes,
        };
    }

    /// <summary>Schedules one sweep if none is pending. The timer is not re-armed by a sweep, so an idle cache costs nothing.</summary>
    private void ArmSweep()
    {
        if (Interlocked.CompareExchange(ref _sweepArmed, 1, 0) == 0)
        {
            try
            {
                _sweepTimer.Change(_options.SweepInterval, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed while writing.
            }
        }
    }

    private void Sweep()
    {
        Volatile.Write(ref _sweepArmed, 0);
        SweepExpired();

        // Entries are still waiting to expire: look again later (a write re-arms as well).
        if (_memory is { Count: > 0 })
        {
            ArmSweep();
        }
    }

    /// <summary>
    /// Writes the buffered reads (access times, hit counts) and counters to disk through the cache's
    /// <see cref="ResponseCacheOptions.Opener"/> (in the background, with a background opener) now rather than when the cache is disposed. A short command calls it once its answer
    /// is out: the write then overlaps the rest of its work (saving the conversation, whose commit waits for the disk)
    /// instead of following it (0.5 ms less on the main thread at the end of a cached <c>aide ask</c>, timeline marks). Disposal waits for it.
    /// </summary>
    /// <returns>The write; disposing the cache waits for it.</returns>
    public StoreOpening FlushInBackground() => _backgroundFlush = _options.Opener.Start(FlushCounters);

    private void FlushCounters()
    {
        var memoryHits = Interlocked.Exchange(ref _unflushedMemoryHits, 0);
        var reads = _memory?.TakeReads() ?? [];
        WithDisk(
            disk =>
            {
                foreach (var (key, ticks, count) in reads)
                {
                    disk.RecordAccess(key, ticks, count);
                }

                disk.Count("memory_hits", memoryHits);
                disk.Flush();
                return true;
            },
            false);
    }
}
