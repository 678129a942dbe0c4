using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Events.Dispatch;

/// <summary>
/// The <see cref="IEventBus"/> implementation. Subscriptions are rare and publishing is hot, so every change of
/// subscriptions rebuilds an immutable array of routes indexed by event-type id; publishing reads one array element.
/// </summary>
internal sealed partial class EventBus : IEventBus
{
    private readonly Lock _gate = new();
    private readonly EventBusOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EventBusMetrics _metrics;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Subscription> _subscriptions = [];
    private EventRoute?[] _routes = [];
    private SharedDispatcher? _dispatcher;
    private int _subscriptionCount;
    private int _disposed;
    private long _dropped;
    private long _failures;
    private long _skipped;
    private long _deadLettered;

    public EventBus(EventBusOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        _options = options ?? new EventBusOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger("Aide.Events") ?? NullLogger.Instance;
        _metrics = new EventBusMetrics(meterFactory, GetStatistics);
    }

    public IDisposable Subscribe<TEvent>(Action<TEvent> handler)
        where TEvent : AideEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new SyncSubscription(this, typeof(TEvent), handler, null));
    }

    public IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler, AsyncSubscriptionOptions? options = null)
        where TEvent : AideEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(CreateAsync(typeof(TEvent), handler, options));
    }

    /// <summary>
    /// <see cref="Subscribe{TEvent}(Action{TEvent})"/> for every event, called on the class, not through
    /// <see cref="IEventBus"/>: a generic method called through an interface is resolved at run time under Native AOT,
    /// ~0.1 ms of every command that attaches the journal (perf).
    /// </summary>
    internal Subscription SubscribeAll(Action<AideEvent> handler) => Add(new SyncSubscription(this, typeof(AideEvent), handler, null));

    public IDisposable SubscribeCategory(EventCategory category, Action<AideEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new SyncSubscription(this, BaseTypeOf(category), handler, null));
    }

    public IDisposable SubscribeCategory(EventCategory category, Func<AideEvent, CancellationToken, ValueTask> handler, AsyncSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(CreateAsync(BaseTypeOf(category), handler, options));
    }

    public EventBusStatistics GetStatistics()
    {
        Subscription[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
        }

        return new EventBusStatistics(subscriptions.Length, Interlocked.Read(ref _dropped), Interlocked.Read(ref _failures), Interlocked.Read(ref _skipped), Interlocked.Read(ref _deadLettered), BacklogOf(subscriptions));
    }

    /// <summary>The events queued in the shared dispatcher and in the mailboxes of the asynchronous subscriptions among <paramref name="subscriptions"/>.</summary>
    private long BacklogOf(Subscription[] subscriptions) =>
        (Dispatcher?.Backlog ?? 0) + subscriptions.OfType<AsyncSubscription>().Sum(s => (long)s.Backlog);

    /// <summary>Gets the shared dispatcher, once an asynchronous handler on the bus's settings has subscribed (tests drive its watchdog).</summary>
    internal SharedDispatcher? Dispatcher => Volatile.Read(ref _dispatcher);

    internal HandlerBreaker CreateBreaker() => new(_options.HandlerFailureThreshold, _options.HandlerBreakDuration, _timeProvider);

    internal void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.Remove(subscription))
            {
                RebuildRoutes();
            }
        }
    }

    private static Type BaseTypeOf(EventCategory category) => category switch
    {
        EventCategory.Context => typeof(ContextEvent),
        EventCategory.Health => typeof(HealthEvent),
        EventCategory.Cache => typeof(CacheEvent),
        EventCategory.Chat => typeof(ChatEvent),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown event category."),
    };

    /// <summary>
    /// A handler on the bus's backlog settings shares the dispatcher (see <see cref="SharedDispatcher"/>); one with
    /// its own capacity or overflow policy gets its own mailbox from the start, so that its bound is exactly its own.
    /// </summary>
    private AsyncSubscription CreateAsync(Type filter, Delegate handler, AsyncSubscriptionOptions? options)
    {
        var shared = options?.Capacity is null && options?.Overflow is null;
        if (shared && Dispatcher is null)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                _dispatcher ??= new SharedDispatcher(this, _options.AsyncCapacity, _options.Overflow, _options.BlockedHandlerTimeout, _shutdown.Token);
            }
        }

        return new(this, filter, handler, options?.Name, options?.Capacity ?? _options.AsyncCapacity, options?.Overflow ?? _options.Overflow, shared, _shutdown.Token);
    }

    private Subscription Add(Subscription subscription)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            _subscriptions.Add(subscription);
            RebuildRoutes();
        }

        return subscription;
    }

    /// <summary>Recomputes the route of every known event type. Called under <see cref="_gate"/>.</summary>
    private void RebuildRoutes()
    {
        var types = EventTypeRegistry.Types;
        var routes = new EventRoute?[types.Length];
        for (var id = 0; id < types.Length; id++)
        {
            var matching = _subscriptions.Where(s => s.Matches(types[id])).ToList();
            if (matching.Count > 0)
            {
                routes[id] = new EventRoute(
                    [.. matching.OfType<SyncSubscription>()],
                    [.. matching.OfType<AsyncSubscription>().Where(s => !s.Shared)],
                    [.. matching.OfType<AsyncSubscription>().Where(s => s.Shared)]);
            }
        }

        Volatile.Write(ref _subscriptionCount, _subscriptions.Count);
        Volatile.Write(ref _routes, routes);
    }
}
