using Aide.Caching;
using Aide.Conversations;
using Aide.Events;
using Aide.Health;
using Aide.Resilience;

namespace Aide.Server.Dashboard;

/// <summary>
/// The web dashboard of <c>aide serve</c> (<c>GET /</c> and <c>/api/*</c>): what it shows and where from. Create it
/// when the server starts (it records the bus's events from then on, after the journal's recent ones), give it to
/// <see cref="AideGateway.Dashboard"/>, and dispose it when the server stops.
/// </summary>
public sealed class AideDashboard : IDisposable
{
    private readonly IDisposable _subscription;
    private HealthSamples? _samples;

    /// <summary>Creates the dashboard and starts recording the bus's events.</summary>
    /// <param name="bus">The bus every component publishes on.</param>
    /// <param name="recentEvents">Events from before this process (e.g. the journal's latest, oldest first), so a restart keeps the lists, usage and replay.</param>
    /// <param name="timeProvider">The clock (default system).</param>
    public AideDashboard(IEventBus bus, IEnumerable<AideEvent>? recentEvents = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        TimeProvider = timeProvider ?? TimeProvider.System;
        foreach (var evt in recentEvents?.TakeLast(DashboardRecorder.EventCapacity * 4) ?? [])
        {
            Recorder.Record(evt);
        }

        _subscription = bus.Subscribe<AideEvent>(Recorder.Record);
    }

    /// <summary>Gets or sets the health monitor the health panel shows (its metrics are sampled every 5 s for the trend lines).</summary>
    public HealthMonitor? Health { get; init; }

    /// <summary>Gets or sets the monitor's checks, whose thresholds the health panel shows next to each metric.</summary>
    public IReadOnlyList<HealthCheckEntry> HealthChecks { get; init; } = [];

    /// <summary>Gets or sets the providers' breakers, shared with the gateway's pipelines.</summary>
    public ProviderCircuits? Circuits { get; init; }

    /// <summary>Gets or sets the response cache the cache panel shows and its buttons invalidate or clear.</summary>
    public ResponseCache? Cache { get; init; }

    /// <summary>Gets or sets how the conversation store is opened (on the panel's first use); <see langword="null"/>: no history kept.</summary>
    public Func<IConversationStore>? Conversations { get; init; }

    /// <summary>
    /// Gets or sets how the benchmarks panel gets the latest <c>aide bench</c> results: its JSON report and its charts as
    /// an HTML fragment (the same charts as <c>aide bench --html</c>); <see langword="null"/> or a <see langword="null"/> result: none.
    /// </summary>
    public Func<CancellationToken, Task<DashboardBench?>>? Bench { get; init; }

    internal DashboardRecorder Recorder { get; } = new();

    internal TimeProvider TimeProvider { get; }

    /// <summary>The metric samples, started on the first request (a dashboard nobody opens costs no timer).</summary>
    internal HealthSamples? Samples => Health is null ? null : LazyInitializer.EnsureInitialized(ref _samples, () => new HealthSamples(Health, TimeProvider));

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription.Dispose();
        _samples?.Dispose();
    }
}
