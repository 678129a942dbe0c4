using System.Runtime.CompilerServices;

namespace Aide.Events.Dispatch;

/// <summary>
/// The publish path: with no subscriptions at all, one load and out (a bus nobody listens to must cost next to
/// nothing); otherwise one virtual call for the type's id, an array index, then the handlers; nothing allocated.
/// </summary>
internal sealed partial class EventBus
{
    public void Publish(AideEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (Volatile.Read(ref _subscriptionCount) == 0)
        {
            return;
        }

        var routes = Volatile.Read(ref _routes);
        var id = evt.TypeId;
        var route = (uint)id < (uint)routes.Length ? routes[id] : RouteOfNewType(id);
        if (route is not null)
        {
            Deliver(route, evt);
        }
    }

    public bool HasSubscribers(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var routes = Volatile.Read(ref _routes);
        var id = EventTypeRegistry.IdOf(eventType);
        var route = (uint)id < (uint)routes.Length ? routes[id] : RouteOfNewType(id);
        return route is not null && !route.IsEmpty;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(EventRoute route, AideEvent evt)
    {
        foreach (var subscription in route.Sync)
        {
            subscription.Deliver(evt);
        }

        foreach (var subscription in route.OwnMailbox)
        {
            subscription.Enqueue(evt);
        }

        if (route.Shared.Length > 0)
        {
            _dispatcher!.Enqueue(evt, route.Shared);
        }

        if (_metrics.Published.Enabled)
        {
            _metrics.Published.Add(1, EventBusMetrics.TypeTag(evt.GetType().Name));
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
}
