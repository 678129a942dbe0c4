namespace Aide.Events;

/// <summary>
/// Aide's in-process, typed event bus. Publishing never blocks and never throws because of a subscriber:
/// synchronous handlers run on the publisher's thread, isolated by try/catch; asynchronous handlers are fed in
/// publish order through bounded backlogs on the thread pool: those on the bus's backlog settings share one
/// dispatcher while they complete at once, and one that awaits, blocks or is slow is moved to a backlog of its own,
/// so it holds up only itself. A handler that keeps failing is suspended for a while.
/// </summary>
public interface IEventBus : IAsyncDisposable
{
    /// <summary>
    /// Delivers an event to every subscriber of its runtime type or a base of it. After disposal, publishing does nothing.
    /// Not generic on purpose: a generic interface method is a generic virtual call, which alone costs more than the
    /// whole no-subscriber publish.
    /// </summary>
    /// <param name="evt">The event.</param>
    void Publish(AideEvent evt);

    /// <summary>
    /// Tells whether an event of <paramref name="eventType"/> would reach any subscriber now, so a hot path (a cache
    /// hit) can skip building an event nobody reads.
    /// </summary>
    /// <param name="eventType">A concrete event type.</param>
    /// <returns><see langword="true"/> if publishing it would deliver it somewhere.</returns>
    bool HasSubscribers(Type eventType);

    /// <summary>
    /// Subscribes a cheap synchronous handler to <typeparamref name="TEvent"/> and every type derived from it
    /// (<c>Subscribe&lt;CacheEvent&gt;</c> takes the cache category, <c>Subscribe&lt;AideEvent&gt;</c> everything).
    /// It runs on the publisher's thread: keep it short.
    /// </summary>
    /// <typeparam name="TEvent">The event type or base type.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe; an event being dispatched at that moment may still arrive.</returns>
    IDisposable Subscribe<TEvent>(Action<TEvent> handler)
        where TEvent : AideEvent;

    /// <summary>
    /// Subscribes an asynchronous handler, fed in publish order through a bounded backlog: the bus's shared one
    /// (<see cref="EventBusOptions.AsyncCapacity"/>) while it completes at once, its own once it awaits, blocks or
    /// is slow (see <see cref="EventBusOptions.BlockedHandlerTimeout"/>), or its own from the start when
    /// <paramref name="options"/> set a capacity or overflow policy.
    /// </summary>
    /// <typeparam name="TEvent">The event type or base type.</typeparam>
    /// <param name="handler">The handler; its token is cancelled when the bus shuts down.</param>
    /// <param name="options">Backlog size and overflow policy, if not the bus's.</param>
    /// <returns>Dispose it to unsubscribe; queued events are then discarded.</returns>
    IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler, AsyncSubscriptionOptions? options = null)
        where TEvent : AideEvent;

    /// <summary>Subscribes a synchronous handler to a whole category.</summary>
    /// <param name="category">The category.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    IDisposable SubscribeCategory(EventCategory category, Action<AideEvent> handler);

    /// <summary>Subscribes an asynchronous handler to a whole category.</summary>
    /// <param name="category">The category.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">Backlog size and overflow policy, if not the bus's.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    IDisposable SubscribeCategory(EventCategory category, Func<AideEvent, CancellationToken, ValueTask> handler, AsyncSubscriptionOptions? options = null);

    /// <summary>Gets the counters of dropped, failed and suspended deliveries.</summary>
    /// <returns>A snapshot.</returns>
    EventBusStatistics GetStatistics();
}
