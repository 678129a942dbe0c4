using Aide.Caching;
using Aide.Core.Tests.Events;
using Aide.Events;
using Aide.Storage;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Caching;

/// <summary>A cache folder of its own, a fake clock, a bus that records every event and a logger that records warnings.</summary>
public sealed class CacheFixture : IDisposable
{
    private readonly List<AideEvent> _events = [];
    private readonly List<ResponseCache> _caches = [];

    public CacheFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aide-cache-").FullName;
        Bus.Subscribe<AideEvent>(e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        });
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, ResponseCache.FileName);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public IEventBus Bus { get; } = AideEventBus.Create();

    public FakeLogger Logger { get; } = new();

    public IReadOnlyList<AideEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IEnumerable<T> EventsOf<T>() => Events.OfType<T>();

    /// <summary>Opens a cache on the fixture's folder (or memory-only with <paramref name="disk"/> false); disposed with the fixture.</summary>
    public ResponseCache Open(bool disk = true, long memoryBytes = 1 << 20, int memoryEntries = 1000, long diskBytes = 64 << 20, CacheEvictionPolicy policy = CacheEvictionPolicy.Lru, CacheCodec codec = CacheCodec.Lz4, string? directory = null, StoreOpener? opener = null)
    {
        var cache = ResponseCache.Create(
            new ResponseCacheOptions
            {
                Directory = disk ? directory ?? Directory : null,
                Opener = opener ?? StoreOpener.Inline,
                MemoryMaxBytes = memoryBytes,
                MemoryMaxEntries = memoryEntries,
                DiskMaxBytes = diskBytes,
                Policy = policy,
                Codec = codec,
            },
            Bus,
            Time,
            new FakeLoggerFactory(Logger));
        _caches.Add(cache);
        return cache;
    }

    public static byte[] ChatJson(int bytes, int seed = 0)
    {
        // Chat-like JSON: repeated structure with varying words, so it compresses the way real answers do.
        var words = new[] { "the", "cache", "answer", "model", "token", "Aide", "context", "stream", "provider", "health" };
        var text = new System.Text.StringBuilder("{\"messages\":[{\"role\":\"assistant\",\"contents\":[{\"$type\":\"text\",\"text\":\"");
        var random = new Random(seed);
        while (text.Length < bytes - 40)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
        }

        text.Append("\"}]}],\"modelId\":\"m\"}");
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose()
    {
        foreach (var cache in _caches)
        {
            cache.Dispose();
        }

        Bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
