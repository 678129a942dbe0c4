using System.Runtime.CompilerServices;

namespace Aide.Events.Dispatch;

/// <summary>The publish path: an array index, then the handlers; nothing allocated by the bus.</summary>
internal sealed partial class EventBus
{
    public void Publish<TEvent>(TEvent evt)
        where TEvent : AideEvent
    {
        ArgumentNullException.ThrowIfNull(evt);
        var @event = evt;

        // For a sealed event type (all of Aide's) this test is a JIT-time constant; publishing through a base type
        // must route by the runtime type instead.
        if (!typeof(TEvent).IsSealed && @event.GetType() != typeof(TEvent))
        {
            PublishByRuntimeType(@event);
            return;
        }

        var routes = Volatile.Read(ref _routes);
        var id = EventType<TEvent>.Id;
        var route = (uint)id < (uint)routes.Length ? routes[id] : RouteOfNewType(id);
        if (route is not null)
        {
            Deliver(route, @event, EventType<TEvent>.Name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver<TEvent>(EventRoute route, TEvent @event, string typeName)
        where TEvent : AideEvent
    {
        foreach (var subscription in route.Sync)
        {
            subscription.Deliver(@event);
        }

        foreach (var subscription in route.Async)
        {
            subscription.Enqueue(@event);
        }

        if (_metrics.Published.Enabled)
        {
            _metrics.Published.Add(1, EventBusMetrics.TypeTag(typeName));
        }
    }

    /// <summary>A type first seen after the routes were built: with no subscribers it has none; otherwise build once.</summary>
    private EventRoute? RouteOfNewType(int id)
    {
        if (Volatile.Read(ref _subscriptionCount) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_routes.Length <= id)
            {
                RebuildRoutes();
            }

            return id < _routes.Length ? _routes[id] : null;
        }
    }

    private void PublishByRuntimeType(AideEvent @event)
    {
        var type = @event.GetType();
        var id = EventTypeRegistry.IdOf(type);
        var routes = Volatile.Read(ref _routes);
        var route = (uint)id < (uint)routes.Length ? routes[id] : RouteOfNewType(id);
        if (route is not null)
        {
            // Every handler in this route takes a base of the runtime type, so it accepts AideEvent-typed delivery.
            Deliver(route, @event, type.Name);
        }
    }
}
