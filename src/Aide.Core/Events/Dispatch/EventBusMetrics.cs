using System.Diagnostics.Metrics;
using Aide.Diagnostics;

namespace Aide.Events.Dispatch;

/// <summary>The bus's instruments on the <c>Aide</c> meter. Hot-path instruments cost one check while nobody listens.</summary>
internal sealed class EventBusMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;

    public EventBusMetrics(IMeterFactory? meterFactory, Func<EventBusStatistics> statistics)
    {
        var meter = meterFactory?.Create(AideDiagnostics.MeterName) ?? (_ownedMeter = new Meter(AideDiagnostics.MeterName));
        Published = meter.CreateCounter<long>("aide.events.published", "{event}", "Events published, by type (counted while a subscriber exists).");
        Dropped = meter.CreateCounter<long>("aide.events.dropped", "{event}", "Events dropped because an asynchronous subscriber's backlog was full, by type.");
        HandlerFailures = meter.CreateCounter<long>("aide.events.handler_failures", "{call}", "Event handler calls that threw, by event type.");
        HandlersDetached = meter.CreateCounter<long>("aide.events.handlers_detached", "{handler}", "Asynchronous handlers moved from the shared dispatcher to a queue of their own, by reason: pending (returned a pending task), blocked (blocked its thread), slow.");
        meter.CreateObservableUpDownCounter("aide.events.backlog", () => statistics().Backlog, "{event}", "Events queued for asynchronous subscribers.");
    }

    public Counter<long> Published { get; }

    public Counter<long> Dropped { get; }

    public Counter<long> HandlerFailures { get; }

    public Counter<long> HandlersDetached { get; }

    public static KeyValuePair<string, object?> TypeTag(string typeName) => new("aide.event.type", typeName);

    public void Dispose() => _ownedMeter?.Dispose();
}
