using Aide.Caching.Disk;
using Aide.Caching.Memory;
using Aide.Events;

namespace Aide.Caching;

/// <summary>Publishes the cache's events, building each only when someone subscribes to its type (a hit then allocates nothing).</summary>
internal sealed class CacheEvents(IEventBus? bus, string cache, TimeProvider time)
{
    private const string Source = "cache";

    public void Hit(string key, CacheTier tier, long started)
    {
        if (bus is not null && bus.HasSubscribers(typeof(CacheHit)))
        {
            Publish(new CacheHit(cache, CacheKeyHash.Of(key), tier, time.GetElapsedTime(started)) { Timestamp = time.GetUtcNow(), Source = Source });
        }
    }

    public void Miss(string key, long started)
    {
        if (bus is not null && bus.HasSubscribers(typeof(CacheMiss)))
        {
            Publish(new CacheMiss(cache, CacheKeyHash.Of(key), time.GetElapsedTime(started)) { Timestamp = time.GetUtcNow(), Source = Source });
        }
    }

    public void Expired(string key, long createdTicks, long nowTicks)
    {
        if (bus is not null && bus.HasSubscribers(typeof(CacheExpired)))
        {
            Publish(new CacheExpired(cache, CacheKeyHash.Of(key), TimeSpan.FromTicks(Math.Max(0, nowTicks - createdTicks))) { Timestamp = time.GetUtcNow(), Source = Source });
        }
    }

    public void Evicted(string key, EvictionReason reason, long bytes)
    {
        if (bus is not null && bus.HasSubscribers(typeof(CacheEviction)))
        {
            Publish(new CacheEviction(cache, CacheKeyHash.Of(key), reason, bytes)
            {
                Timestamp = time.GetUtcNow(),
                Source = Source,
                Severity = reason == EvictionReason.Corrupt ? EventSeverity.Warning : EventSeverity.Info,
            });
        }
    }

    public void Evicted(List<MemoryEntry>? entries)
    {
        foreach (var entry in entries ?? [])
        {
            Evicted(entry.Key, EvictionReason.Capacity, entry.Size);
        }
    }

    public void Evicted(List<RemovedEntry> entries)
    {
        foreach (var entry in entries)
        {
            Evicted(entry.Key, EvictionReason.Capacity, entry.Bytes);
        }
    }

    public void Invalidated(InvalidationScope scope, string match, long count) =>
        Publish(new CacheInvalidated(cache, scope, match, count) { Timestamp = time.GetUtcNow(), Source = Source });

    public void Cleared(long count, long bytes) =>
        Publish(new CacheCleared(cache, count, bytes) { Timestamp = time.GetUtcNow(), Source = Source });

    public void Warmed(long count, long bytes, TimeSpan elapsed) =>
        Publish(new CacheWarmed(cache, count, bytes, elapsed) { Timestamp = time.GetUtcNow(), Source = Source });

    private void Publish(AideEvent evt) => bus?.Publish(evt);
}
