using System.Runtime.CompilerServices;

namespace Aide.Events.Dispatch;

/// <summary>A handler run on the publisher's thread, isolated so that its failure never reaches the publisher.</summary>
internal sealed class SyncSubscription(EventBus bus, Type filter, Delegate callback, string name)
    : Subscription(bus, filter, callback, name)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Deliver<TEvent>(TEvent @event)
        where TEvent : AideEvent
    {
        if (!Breaker.AllowCall())
        {
            Bus.OnSkipped();
            return;
        }

        try
        {
            // Safe: the route only holds subscriptions whose filter TEvent derives from, and Action<in T> is contravariant.
            Unsafe.As<Action<TEvent>>(Callback)(@event);
            Breaker.OnSuccess();
        }
        catch (Exception ex)
        {
            Bus.OnHandlerFailed(this, @event, ex, deadLetter: false);
        }
    }
}
