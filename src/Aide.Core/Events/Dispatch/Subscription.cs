namespace Aide.Events.Dispatch;

/// <summary>What sync and async subscriptions share: the filter, the handler, its breaker, and unsubscribing.</summary>
internal abstract class Subscription(EventBus bus, Type filter, Delegate callback, string name) : IDisposable
{
    private int _disposed;

    /// <summary>Gets the event type (or base type) this subscription takes.</summary>
    public Type Filter { get; } = filter;

    /// <summary>
    /// Gets the handler: an <c>Action&lt;Filter&gt;</c> or <c>Func&lt;Filter, CancellationToken, ValueTask&gt;</c>.
    /// Both are contravariant, so it is also a valid handler of every type derived from <see cref="Filter"/>.
    /// </summary>
    public Delegate Callback { get; } = callback;

    public string Name { get; } = name;

    public HandlerBreaker Breaker { get; } = bus.CreateBreaker();

    protected EventBus Bus { get; } = bus;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public bool Matches(Type eventType) => Filter.IsAssignableFrom(eventType);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Bus.Unsubscribe(this);
            OnDisposed();
        }
    }

    protected virtual void OnDisposed()
    {
    }
}
