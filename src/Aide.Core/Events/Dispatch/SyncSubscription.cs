using System.Runtime.CompilerServices;

namespace Aide.Events.Dispatch;

/// <summary>A handler run on the publisher's thread, isolated so that its failure never reaches the publisher.</summary>
internal sealed class SyncSubscription(EventBus bus, Type filter, Delegate callback, string? name)
    : Subscription(bus, filter, callback, name)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Deliver(AideEvent @event)
    {
        if (!Breaker.AllowCall())
        {
            Bus.OnSkipped();
            return;
        }

        try
        {
            // Safe: the route only holds subscriptions whose filter the event's runtime type derives from, and the
            // handler (an Action<Filter>) is invoked with that instance; delegate invocation does no type check.
            Unsafe.As<Action<AideEvent>>(Callback)(@event);
            Breaker.OnSuccess();
        }
        catch (Exception ex)
        {
            Bus.OnHandlerFailed(this, @event, ex, deadLetter: false);
        }
    }
}
