using Aide.Caching;
using Aide.Chat;
using Aide.Configuration;
using Aide.Events;
using Aide.Health.Checks;
using Aide.Health.Recovery;
using Aide.Health.Thresholds;
using Aide.Resilience;

namespace Aide.Health;

/// <summary>Aide's built-in checks, with their classes, thresholds and repairs.</summary>
public static class AideHealthChecks
{
    /// <summary>Creates the built-in checks: each provider, chat error rate, memory, disk space, store integrity and the cache.</summary>
    /// <param name="providers">The providers, in priority order.</param>
    /// <param name="dataDirectory">Where Aide keeps its data (conversations, journal).</param>
    /// <param name="cacheDirectory">Where Aide keeps its cache.</param>
    /// <param name="circuits">The breakers shared with the chat pipeline (none: probes are not gated).</param>
    /// <param name="bus">The bus chat events are published on (none: no error-rate check).</param>
    /// <param name="cache">The response cache (none: no cache check).</param>
    /// <param name="timeProvider">The clock (default system).</param>
    /// <param name="calls">What each provider's recent chats did (a provider whose chats all fail is unhealthy, whatever its probe says).</param>
    /// <returns>The checks; dispose the disposable ones (<see cref="DisposeAll"/>) when done.</returns>
    public static IReadOnlyList<HealthCheckEntry> Create(
        IReadOnlyList<ProviderSettings> providers,
        string dataDirectory,
        string cacheDirectory,
        ProviderCircuits? circuits = null,
        IEventBus? bus = null,
        ResponseCache? cache = null,
        TimeProvider? timeProvider = null,
        ProviderCallHistory? calls = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        var entries = new List<HealthCheckEntry>();
        foreach (var provider in providers)
        {
            var name = AideChatClientFactory.NameOf(provider);
            var check = new ProviderHealthCheck(provider, circuits?.For(name), timeProvider) { Calls = calls };
            entries.Add(new HealthCheckEntry($"provider {name}", check, HealthPriority.Critical)
            {
                IsProvider = true,
                Thresholds = [new MetricThreshold("latency_ms", warning: 2_000, critical: 10_000) { Recovery = 1_000 }],
                Recovery = [RecoveryStrategy.From("reset-connections", _ =>
                {
                    check.ResetConnections();
                    return default;
                })],
            });
        }

        if (bus is not null)
        {
            entries.Add(new HealthCheckEntry("chat errors", new ChatErrorRateCheck(bus, timeProvider: timeProvider), HealthPriority.High)
            {
                Thresholds = [new MetricThreshold("error_rate", warning: 0.2, critical: 0.5) { Recovery = 0.1, ConsecutiveBreaches = 2 }],
            });
        }

        IRecoveryStrategy[] memoryRepairs = cache is null ? [RecoveryStrategy.ForceGc()] : [RecoveryStrategy.TrimCache(cache), RecoveryStrategy.ForceGc()];
        entries.Add(new HealthCheckEntry("memory", new ProcessMemoryCheck(), HealthPriority.Normal)
        {
            Thresholds =
            [
                new MetricThreshold("working_set_mb", warning: 1_024, critical: 2_048) { Recovery = 900 },
                new MetricThreshold("gc_heap_mb", warning: 512, critical: 1_024) { Recovery = 450 },
            ],
            Recovery = memoryRepairs,
        });
        entries.Add(DiskEntry("disk data", dataDirectory));
        entries.Add(DiskEntry("disk cache", cacheDirectory));
        entries.Add(StoreEntry("store conversations", Conversations.Store.SqliteConversationStore.DefaultPath(dataDirectory), reportKeptCopies: true));
        entries.Add(StoreEntry("store cache", Path.Combine(cacheDirectory, ResponseCache.FileName)));
        if (cache is not null)
        {
            entries.Add(new HealthCheckEntry("cache", new CacheHealthCheck(cache), HealthPriority.Normal) { Recovery = [RecoveryStrategy.TrimCache(cache)] });
        }

        return entries;
    }

    /// <summary>Disposes the checks that hold resources (HTTP clients, event subscriptions).</summary>
    /// <param name="entries">The checks.</param>
    public static void DisposeAll(IEnumerable<HealthCheckEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            (entry.Check as IDisposable)?.Dispose();
        }
    }

    private static HealthCheckEntry DiskEntry(string name, string folder) => new(name, new DiskSpaceCheck(folder), HealthPriority.Low)
    {
        Thresholds = [new MetricThreshold("free_mb", warning: 1_024, critical: 100, ThresholdDirection.Below) { Recovery = 1_200, ConsecutiveBreaches = 1 }],
    };

    private static HealthCheckEntry StoreEntry(string name, string path, bool reportKeptCopies = false) => new(name, new StoreIntegrityCheck(path, reportKeptCopies), HealthPriority.Background)
    {
        Recovery = [RecoveryStrategy.ReindexStore(path)],
    };
}
