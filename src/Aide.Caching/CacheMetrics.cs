using System.Diagnostics.Metrics;
using Aide.Diagnostics;

namespace Aide.Caching;

/// <summary>
/// The cache's instruments on the <c>Aide</c> meter. The real compression ratio is
/// <c>aide.cache.bytes_stored / aide.cache.bytes_original</c> (both counted when entries are written).
/// </summary>
internal sealed class CacheMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;

    public CacheMetrics(IMeterFactory? meterFactory, string cache, Func<(long Entries, long Bytes)> memory)
    {
        var meter = meterFactory?.Create(AideDiagnostics.MeterName) ?? (_ownedMeter = new Meter(AideDiagnostics.MeterName));
        var tag = new KeyValuePair<string, object?>("cache", cache);
        MemoryHits = new(meter.CreateCounter<long>("aide.cache.hits", "{hit}", "Lookups answered, by tier."), tag, new("tier", "memory"));
        DiskHits = new(MemoryHits.Counter, tag, new("tier", "disk"));
        Misses = new(meter.CreateCounter<long>("aide.cache.misses", "{miss}", "Lookups that found nothing usable."), tag);
        Evictions = meter.CreateCounter<long>("aide.cache.evictions", "{entry}", "Entries that left the cache, by reason.");
        BytesOriginal = new(meter.CreateCounter<long>("aide.cache.bytes_original", "By", "Bytes of values written, before compression."), tag);
        BytesStored = new(meter.CreateCounter<long>("aide.cache.bytes_stored", "By", "Bytes written to the disk tier, after compression and headers."), tag);
        meter.CreateObservableGauge("aide.cache.memory.entries", () => new Measurement<long>(memory().Entries, tag), "{entry}", "Entries in the memory tier.");
        meter.CreateObservableGauge("aide.cache.memory.bytes", () => new Measurement<long>(memory().Bytes, tag), "By", "Bytes held by the memory tier.");
        Cache = cache;
    }

    public string Cache { get; }

    public TaggedCounter MemoryHits { get; }

    public TaggedCounter DiskHits { get; }

    public TaggedCounter Misses { get; }

    public Counter<long> Evictions { get; }

    public TaggedCounter BytesOriginal { get; }

    public TaggedCounter BytesStored { get; }

    public void Evicted(Events.EvictionReason reason, long count)
    {
        if (Evictions.Enabled && count > 0)
        {
            Evictions.Add(count, new("cache", Cache), new("reason", reason.ToString()));
        }
    }

    public void Dispose() => _ownedMeter?.Dispose();

    /// <summary>A counter with its tags fixed, so adding allocates nothing and costs one check when nobody listens.</summary>
    internal sealed class TaggedCounter(Counter<long> counter, params KeyValuePair<string, object?>[] tags)
    {
        private readonly KeyValuePair<string, object?>[] _tags = tags;

        public Counter<long> Counter { get; } = counter;

        public void Add(long value)
        {
            if (Counter.Enabled)
            {
                Counter.Add(value, _tags.AsSpan());
            }
        }
    }
}
