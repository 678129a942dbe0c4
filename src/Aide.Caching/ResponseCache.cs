using System.Diagnostics.Metrics;
using Aide.Caching.Disk;
using Aide.Caching.Memory;
using Aide.Events;
using Aide.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Caching;

/// <summary>
/// Aide's two-tier response cache, usable wherever an <see cref="IDistributedCache"/> is (Microsoft.Extensions.AI's
/// <c>UseDistributedCache</c> among them). The memory tier holds values uncompressed and answers in well under a
/// microsecond; the disk tier (SQLite in the cache folder) holds them encoded, compressed and checksummed, survives
/// restarts and is shared by every process. A disk hit is promoted to memory. A damaged entry is removed and treated as
/// a miss; a disk tier that cannot be used is turned off with one warning while the memory tier goes on.
/// Thread-safe. Keys never leave the process in clear: events and logs carry their hash.
/// </summary>
public sealed partial class ResponseCache : IDistributedCache, IDisposable, IAsyncDisposable
{
    private readonly ResponseCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemoryTier? _memory;
    private readonly Lock _diskGate = new();
    private readonly CacheEvents _events;
    private readonly CacheMetrics _metrics;
    private readonly KeyedGate _flights = new();
    private DiskTier? _disk;
    private StoreOpening? _diskOpener;
    private StoreOpening? _backgroundFlush;
    private string? _diskProblem;
    private long _memoryHits;
    private long _diskHits;
    private long _misses;
    private long _corrupt;
    private long _unflushedMemoryHits;
    private bool _disposed;

    private ResponseCache(ResponseCacheOptions options, IEventBus? bus, TimeProvider time, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        _options = options;
        _time = time;
        _logger = loggerFactory?.CreateLogger("Aide.Caching") ?? NullLogger.Instance;
        _memory = options.MemoryMaxBytes > 0 && options.MemoryMaxEntries > 0 ? new MemoryTier(options.MemoryMaxBytes, options.MemoryMaxEntries, options.Policy) : null;
        _events = new CacheEvents(bus, options.Name, time);
        _metrics = new CacheMetrics(meterFactory, options.Name, () => (_memory?.Count ?? 0, _memory?.Bytes ?? 0));
        _sweepTimer = time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (options.Directory is { } directory)
        {
            DiskPath = Path.Combine(Path.GetFullPath(directory), FileName);

            // Opening the disk tier (SQLite's first use in the process, the file's schema) is 0.5-2 ms of a cached `aide ask`
            // (Native AOT timeline): with a background opener it happens while the caller goes on, and the first use of the tier waits.
            _diskOpener = options.Opener.Start(OpenDisk);
        }
    }

    /// <summary>The disk tier's file name inside <see cref="ResponseCacheOptions.Directory"/>.</summary>
    public const string FileName = "responses.db";

    /// <summary>Gets the disk tier's file, or <see langword="null"/> for a memory-only cache.</summary>
    public string? DiskPath { get; }

    /// <summary>Gets why the disk tier is off (it could not be opened, or failed and was turned off), or <see langword="null"/>.</summary>
    public string? DiskProblem
    {
        get
        {
            WaitForDisk();
            return Volatile.Read(ref _diskProblem);
        }
    }

    /// <summary>Creates a cache.</summary>
    /// <param name="options">Bounds, folder and codec; <see langword="null"/> for a memory-only cache with defaults.</param>
    /// <param name="bus">Where cache events go.</param>
    /// <param name="timeProvider">Clock for expiry; <see langword="null"/> for the system clock.</param>
    /// <param name="loggerFactory">Where the one warning about a disk tier that cannot be used goes.</param>
    /// <param name="meterFactory">Where the <c>Aide</c> meter is created.</param>
    /// <returns>The cache; dispose it to write buffered statistics and close the file.</returns>
    public static ResponseCache Create(ResponseCacheOptions? options = null, IEventBus? bus = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        options ??= new ResponseCacheOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MemoryMaxBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MemoryMaxEntries, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DiskMaxBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultTimeToLive, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SweepInterval, TimeSpan.Zero, nameof(options));
        if (options.MinimumSavings is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumSavings, "MinimumSavings must be in [0, 1).");
        }

        return new ResponseCache(options, bus, timeProvider ?? TimeProvider.System, loggerFactory, meterFactory);
    }

    /// <inheritdoc />
    public byte[]? Get(string key) => Get(key, out _);

    /// <summary>As <see cref="Get(string)"/>, with when the entry was stored (for "cached 3 min ago").</summary>
    internal byte[]? Get(string key, out DateTimeOffset storedAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        storedAt = default;
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow().UtcTicks;
        var expiredHere = false;
        if (_memory is not null)
        {
            var value = _memory.TryGet(key, now, out var expired, out var created);
            if (value is not null)
            {
                storedAt = new DateTimeOffset(created, TimeSpan.Zero);
                Interlocked.Increment(ref _memoryHits);
                Interlocked.Increment(ref _unflushedMemoryHits);
                _metrics.MemoryHits.Add(1);
                _events.Hit(key, CacheTier.Memory, started);
                return value;
            }

            if (expired is not null)
            {
                expiredHere = true;
                _metrics.Evicted(EvictionReason.Expired, 1);
                _events.Expired(key, expired.Lifetime.CreatedTicks, now);
            }
        }

        var fromDisk = ReadDisk(key, now, expiredInMemory: expiredHere, out var diskCreated);
        if (fromDisk is not null)
        {
            storedAt = new DateTimeOffset(diskCreated, TimeSpan.Zero);
            Interlocked.Increment(ref _diskHits);
            _metrics.DiskHits.Add(1);
            _events.Hit(key, CacheTier.Disk, started);
            return fromDisk;
        }

        Interlocked.Increment(ref _misses);
        _metrics.Misses.Add(1);
        _events.Miss(key, started);
        return null;
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var lifetime = LifetimeOf(options, now);
        var tags = TagsOf(options);
        if (_memory is not null)
        {
            var evicted = _memory.Set(key, value.AsSpan().ToArray(), lifetime, tags);
            _metrics.Evicted(EvictionReason.Capacity, evicted?.Count ?? 0);
            _events.Evicted(evicted);
        }

        WriteDisk(key, value, lifetime, tags);
        _metrics.BytesOriginal.Add(value.Length);
        ArmSweep();
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Refresh(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow().UtcTicks;
        _memory?.Touch(key, now);
        WithDisk(disk => disk.Touch(key, now), false);
    }

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Remove(string key) => Invalidate(key);

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Invalidate(key);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Returns the cached value, or runs <paramref name="factory"/> once for all concurrent callers of the same key
    /// (stampede protection) and caches its result. A failing factory caches nothing; the next waiter tries again.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="factory">Produces the value on a miss.</param>
    /// <param name="options">Expiration and tags of a new entry; <see langword="null"/> for the default time to live.</param>
    /// <param name="cancellationToken">Cancels waiting and the factory.</param>
    /// <returns>The value and whether it came from the cache.</returns>
    public async Task<(byte[] Value, bool Cached)> GetOrCreateAsync(
        string key, Func<CancellationToken, Task<byte[]>> factory, DistributedCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Get(key) is { } cached)
        {
            return (cached, true);
        }

        using (await EnterAsync(key, cancellationToken))
        {
            if (Get(key) is { } filled)
            {
                return (filled, true);
            }

            var value = await factory(cancellationToken);
            Set(key, value, options ?? new DistributedCacheEntryOptions());
            return (value, false);
        }
    }

    /// <summary>Waits until no other caller holds <paramref name="key"/> and holds it until disposed (the chat client's stampede protection).</summary>
    internal ValueTask<IDisposable> EnterAsync(string key, CancellationToken cancellationToken) => _flights.EnterAsync(key, cancellationToken);

    /// <summary>Writes buffered access times and counters to disk and closes the file.</summary>
    public void Dispose()
    {
        WaitForDisk();
        _backgroundFlush?.Wait();
        lock (_diskGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _sweepTimer.Dispose();
            FlushCounters();
            _disk?.Dispose();
            _disk = null;
        }

        _metrics.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private EntryLifetime LifetimeOf(DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        DateTimeOffset? absolute = options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
        if (absolute is { } at && at <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration must be in the future.");
        }

        var sliding = options.SlidingExpiration;
        if (absolute is null && sliding is null && _options.DefaultTimeToLive > TimeSpan.Zero)
        {
            absolute = now + _options.DefaultTimeToLive;
        }

        return new EntryLifetime(now.UtcTicks, absolute?.UtcTicks ?? 0, sliding?.Ticks ?? 0, now.UtcTicks);
    }

    private static string[] TagsOf(DistributedCacheEntryOptions options)
    {
        if (options is not TaggedCacheEntryOptions { Tags.Count: > 0 } tagged)
        {
            return [];
        }

        foreach (var tag in tagged.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > 256)
            {
                throw new ArgumentException("A tag must be 1 to 256 characters and not blank.", nameof(options));
            }
        }

        return [.. tagged.Tags.Distinct(StringComparer.Ordinal)];
    }
}
