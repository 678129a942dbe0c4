namespace Aide.Events.Dispatch;

/// <summary>What sync and async subscriptions share: the filter, the handler, its breaker, and unsubscribing.</summary>
internal abstract class Subscription(EventBus bus, Type filter, Delegate callback, string? name) : IDisposable
{
    private int _disposed;
    private string? _name = name;

    /// <summary>Gets the event type (or base type) this subscription takes.</summary>
    public Type Filter { get; } = filter;

    /// <summary>
    /// Gets the handler: an <c>Action&lt;Filter&gt;</c> or <c>Func&lt;Filter, CancellationToken, ValueTask&gt;</c>.
    /// Both are contravariant, so it is also a valid handler of every type derived from <see cref="Filter"/>.
    /// </summary>
    public Delegate Callback { get; } = callback;

    /// <summary>
    /// Gets the name logs and the dead-letter sink use: the one given, else the handler's declaring type and method,
    /// looked up only when needed (reading a delegate's method is reflection, ~4.7 ms the first time under Native AOT).
    /// </summary>
    public string Name => _name ??= Callback.Method.DeclaringType is { } type ? $"{type.Name}.{Callback.Method.Name}" : Callback.Method.Name;

    public HandlerBreaker Breaker { get; } = bus.CreateBreaker();

    protected EventBus Bus { get; } = bus;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Gets or sets what runs once when the subscription ends (after its last delivery when the bus is disposed).</summary>
    public Action? Disposed { get; set; }

    public bool Matches(Type eventType) => Filter.IsAssignableFrom(eventType);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Bus.Unsubscribe(this);
            OnDisposed();
            Disposed?.Invoke();
        }
    }

    protected virtual void OnDisposed()
    {
    }
}
