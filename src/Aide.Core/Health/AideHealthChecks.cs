using Aide.Configuration;
using Aide.Events;
using Aide.Health.Checks;
using Aide.Health.Recovery;
using Aide.Health.Thresholds;
using Aide.Providers;
using Aide.Resilience;

namespace Aide.Health;

/// <summary>Aide's built-in checks, with their classes, thresholds and repairs.</summary>
public static class AideHealthChecks
{
    /// <summary>
    /// Creates the engine's checks: each provider, the chat error rate and memory. Each store adds its own
    /// (<c>ResponseCacheHealth</c> in Aide.Caching, <c>ConversationStoreHealth</c> in Aide.Conversations.Sqlite), and
    /// <see cref="DiskSpace"/> watches a folder.
    /// </summary>
    /// <param name="providers">The providers, in priority order.</param>
    /// <param name="circuits">The breakers shared with the chat pipeline (none: probes are not gated).</param>
    /// <param name="bus">The bus chat events are published on (none: no error-rate check).</param>
    /// <param name="timeProvider">The clock (default system).</param>
    /// <param name="calls">What each provider's recent chats did (a provider whose chats all fail is unhealthy, whatever its probe says).</param>
    /// <param name="memoryRepairs">Repairs tried before a full collection when memory runs high (e.g. trimming a cache).</param>
    /// <param name="registry">The provider kinds, for providers probed without HTTP (local models).</param>
    /// <returns>The checks; dispose the disposable ones (<see cref="DisposeAll"/>) when done.</returns>
    public static IReadOnlyList<HealthCheckEntry> Create(
        IReadOnlyList<ProviderSettings> providers,
        ProviderCircuits? circuits = null,
        IEventBus? bus = null,
        TimeProvider? timeProvider = null,
        ProviderCallHistory? calls = null,
        IReadOnlyList<IRecoveryStrategy>? memoryRepairs = null,
        ProviderRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var entries = new List<HealthCheckEntry>();
        foreach (var provider in providers)
        {
            var name = provider.Name;
            var check = new ProviderHealthCheck(provider, circuits?.For(name), timeProvider) { Calls = calls, Registry = registry };
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

        entries.Add(new HealthCheckEntry("memory", new ProcessMemoryCheck(), HealthPriority.Normal)
        {
            Thresholds =
            [
                new MetricThreshold("working_set_mb", warning: 1_024, critical: 2_048) { Recovery = 900 },
                new MetricThreshold("gc_heap_mb", warning: 512, critical: 1_024) { Recovery = 450 },
            ],
            Recovery = [.. memoryRepairs ?? [], RecoveryStrategy.ForceGc()],
        });
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

    /// <summary>Watches the free space where <paramref name="folder"/> is (warning under 1 GB, critical under 100 MB).</summary>
    /// <param name="name">The component's name (e.g. <c>disk data</c>).</param>
    /// <param name="folder">The folder; it need not exist yet.</param>
    /// <returns>The check.</returns>
    public static HealthCheckEntry DiskSpace(string name, string folder) => new(name, new DiskSpaceCheck(folder), HealthPriority.Low)
    {
        Thresholds = [new MetricThreshold("free_mb", warning: 1_024, critical: 100, ThresholdDirection.Below) { Recovery = 1_200, ConsecutiveBreaches = 1 }],
    };
}
