using Aide.Caching.Disk;
using Aide.Caching.Format;
using Aide.Events;
using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Caching;

/// <summary>The disk tier behind one lock, and what happens when it fails: one warning, then memory only.</summary>
public sealed partial class ResponseCache
{
    /// <summary>Gets a value indicating whether the disk tier is in use.</summary>
    public bool IsDiskEnabled
    {
        get
        {
            WaitForDisk();
            lock (_diskGate)
            {
                return _disk is not null;
            }
        }
    }

    /// <summary>Runs through the cache's <see cref="ResponseCacheOptions.Opener"/> (started by the constructor); every failure turns the disk tier off with one warning.</summary>
    private void OpenDisk()
    {
        var path = DiskPath!;
        try
        {
            var disk = DiskTier.Open(path, _options.LockTimeout, (setAside, reason) => CacheLog.CacheFileSetAside(_logger, path, setAside, CacheLog.Reason(reason)));
            lock (_diskGate)
            {
                _disk = disk;
            }
        }
        catch (Exception ex)
        {
            // Nothing can catch an exception on this thread, so even an unexpected one only costs the disk tier.
            DisableDisk(ex);
        }
    }

    /// <summary>Waits for the disk tier's opening (see the constructor): every use of <see cref="_disk"/> calls this first.</summary>
    private void WaitForDisk() => _diskOpener?.Wait();

    private byte[]? ReadDisk(string key, long now, bool expiredInMemory, out long createdTicks)
    {
        createdTicks = 0;
        byte[]? value = null;
        DiskRow? row = null;
        var corrupt = false;
        var expired = false;
        WaitForDisk();
        lock (_diskGate)
        {
            if (_disk is null)
            {
                return null;
            }

            try
            {
                row = _disk.Get(key);
                if (row is null)
                {
                    _disk.Count("misses");
                    return null;
                }

                if (row.Lifetime.IsExpired(now))
                {
                    expired = true;
                    _disk.Delete(row.Id, "expired");
                }
                else if ((value = EntryFormat.TryDecode(row.Data)) is null)
                {
                    corrupt = true;
                    Interlocked.Increment(ref _corrupt);
                    _disk.Delete(row.Id, "corrupt");
                }
                else
                {
                    _disk.RecordAccess(key, now);
                    _disk.Count("disk_hits");
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Busy or SqliteCodes.Locked)
            {
                // Another process holds the write lock past the timeout: answer from what was read, or miss.
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                DisableDisk(ex);
                return null;
            }
        }

        if (expired)
        {
            // The memory copy of the same entry already reported its expiry.
            if (!expiredInMemory)
            {
                _metrics.Evicted(EvictionReason.Expired, 1);
                _events.Expired(key, row!.Lifetime.CreatedTicks, now);
            }

            return null;
        }

        if (corrupt)
        {
            _metrics.Evicted(EvictionReason.Corrupt, 1);
            _events.Evicted(key, EvictionReason.Corrupt, row!.Data.Length);
            return null;
        }

        createdTicks = row?.Lifetime.CreatedTicks ?? 0;
        if (value is not null && _memory is not null)
        {
            // Promote: the next read of this key is a memory hit. The memory tier gets its own copy.
            _events.Evicted(_memory.Set(key, value.AsSpan().ToArray(), row!.Lifetime.Touched(now), []));
        }

        return value;
    }

    private void WriteDisk(string key, byte[] value, EntryLifetime lifetime, string[] tags)
    {
        // The disk tier only ever turns off, so one that is off (or absent) now is not worth compressing for.
        WaitForDisk();
        if (Volatile.Read(ref _disk) is null)
        {
            return;
        }

        var encoded = EntryFormat.Encode(value, _options.Codec, _options.CompressionThreshold, _options.MinimumSavings);

        // Null when the tier is off or another process held its lock past the timeout: the entry is then in memory only.
        var evicted = WithDisk(disk => disk.Put(key, encoded, value.Length, lifetime, tags, _options.DiskMaxBytes, _options.Policy), null);
        if (evicted is null)
        {
            return;
        }

        _metrics.BytesStored.Add(encoded.Length);
        _metrics.Evicted(EvictionReason.Capacity, evicted.Count);
        _events.Evicted(evicted);
    }

    /// <summary>Runs <paramref name="work"/> on the disk tier, or returns <paramref name="fallback"/> if it is off or busy.</summary>
    private T WithDisk<T>(Func<DiskTier, T> work, T fallback)
    {
        WaitForDisk();
        lock (_diskGate)
        {
            if (_disk is null)
            {
                return fallback;
            }

            try
            {
                return work(_disk);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Busy or SqliteCodes.Locked)
            {
                return fallback;
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                DisableDisk(ex);
                return fallback;
            }
        }
    }

    /// <summary>
    /// Turns the disk tier off for the rest of this process with one warning (read-only folder, full disk, foreign
    /// file…). A file found damaged while in use (a power cut during a write can do that: the file is written without
    /// fsyncs) is also set aside, so the next process starts an empty cache instead of meeting the damage again.
    /// </summary>
    private void DisableDisk(Exception ex)
    {
        var reason = ex switch
        {
            SqliteException { SqliteErrorCode: SqliteCodes.Full } => "the disk is full",
            SqliteException { SqliteErrorCode: SqliteCodes.Permission or SqliteCodes.ReadOnly or SqliteCodes.CantOpen } or UnauthorizedAccessException => $"the folder cannot be written ({ex.Message})",
            SqliteException { SqliteErrorCode: SqliteCodes.Corrupt or SqliteCodes.NotADatabase } => $"the file is damaged ({ex.Message})",
            _ => ex.Message,
        };
        lock (_diskGate)
        {
            try
            {
                _disk?.Dispose();
            }
            catch (Exception disposeError) when (disposeError is SqliteException or IOException)
            {
                // Already failing; closing is best effort.
            }

            if (_disk is not null && ex is SqliteException { SqliteErrorCode: SqliteCodes.Corrupt or SqliteCodes.NotADatabase })
            {
                try
                {
                    reason += $"; it was moved to {DiskTier.SetAside(_disk.Path)} and the next run starts an empty cache";
                }
                catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
                {
                    // Left in place: the next run meets the damage and tries again.
                }
            }

            _disk = null;
            if (_diskProblem is null)
            {
                Volatile.Write(ref _diskProblem, reason);
                CacheLog.CacheDiskDisabled(_logger, DiskPath ?? "-", CacheLog.Reason(reason));
            }
        }
    }
}
