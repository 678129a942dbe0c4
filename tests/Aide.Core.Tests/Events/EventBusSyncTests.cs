using Aide.Events;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

public sealed class EventBusSyncTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();

    [Fact]
    public async Task Typed_category_and_all_subscribers_each_get_what_they_asked_for()
    {
        await using var bus = CreateBus();
        var hits = new List<CacheHit>();
        var cache = new List<AideEvent>();
        var all = new List<AideEvent>();
        using var s1 = bus.Subscribe<CacheHit>(hits.Add);
        using var s2 = bus.SubscribeCategory(EventCategory.Cache, cache.Add);
        using var s3 = bus.Subscribe<AideEvent>(all.Add);

        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Miss());
        bus.Publish(TestEvents.Cleared());

        Assert.Single(hits);
        Assert.Equal([typeof(CacheHit), typeof(CacheMiss)], cache.Select(e => e.GetType()));
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task Publishing_through_a_base_type_routes_by_the_runtime_type()
    {
        await using var bus = CreateBus();
        var hits = 0;
        using var subscription = bus.Subscribe<CacheHit>(_ => hits++);

        AideEvent evt = TestEvents.Hit();
        bus.Publish(evt);
        CacheEvent cacheEvent = TestEvents.Hit();
        bus.Publish(cacheEvent);

        Assert.Equal(2, hits);
    }

    [Fact]
    public async Task A_throwing_handler_never_reaches_the_publisher_or_other_handlers()
    {
        await using var bus = CreateBus();
        var delivered = 0;
        using var bad = bus.Subscribe<CacheHit>(_ => throw new InvalidOperationException("handler bug"));
        using var good = bus.Subscribe<CacheHit>(_ => delivered++);

        bus.Publish(TestEvents.Hit());

        Assert.Equal(1, delivered);
        Assert.Equal(1, bus.GetStatistics().HandlerFailures);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Exception is InvalidOperationException && r.Message.Contains("CacheHit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repeatedly_failing_handler_is_suspended_then_tried_again_after_the_break()
    {
        await using var bus = CreateBus(new EventBusOptions { HandlerFailureThreshold = 3, HandlerBreakDuration = TimeSpan.FromSeconds(30) });
        var calls = 0;
        var fail = true;
        using var subscription = bus.Subscribe<CacheHit>(_ =>
        {
            calls++;
            if (fail)
            {
                throw new InvalidOperationException("down");
            }
        });

        for (var i = 0; i < 10; i++)
        {
            bus.Publish(TestEvents.Hit());
        }

        Assert.Equal(3, calls);
        Assert.Equal(7, bus.GetStatistics().SkippedWhileSuspended);

        _time.Advance(TimeSpan.FromSeconds(29));
        bus.Publish(TestEvents.Hit());
        Assert.Equal(3, calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        fail = false;
        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Hit());
        Assert.Equal(5, calls);
    }

    [Fact]
    public async Task A_half_open_failure_suspends_the_handler_again()
    {
        await using var bus = CreateBus(new EventBusOptions { HandlerFailureThreshold = 2, HandlerBreakDuration = TimeSpan.FromSeconds(10) });
        var calls = 0;
        using var subscription = bus.Subscribe<CacheHit>(_ =>
        {
            calls++;
            throw new InvalidOperationException("still down");
        });

        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Hit());
        _time.Advance(TimeSpan.FromSeconds(10));
        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Hit());

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Handlers_may_unsubscribe_themselves_or_others_during_dispatch()
    {
        await using var bus = CreateBus();
        var first = 0;
        var second = 0;
        IDisposable? other = null;
        IDisposable? self = null;
        self = bus.Subscribe<CacheHit>(_ =>
        {
            first++;
            self!.Dispose();
            other!.Dispose();
        });
        other = bus.Subscribe<CacheHit>(_ => second++);

        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Hit());

        Assert.Equal(1, first);
        Assert.True(second <= 1); // the event being dispatched may still arrive; nothing after it does
        Assert.Equal(0, bus.GetStatistics().Subscriptions);
    }

    [Fact]
    public async Task Handlers_may_subscribe_during_dispatch()
    {
        await using var bus = CreateBus();
        var late = 0;
        using var subscription = bus.Subscribe<CacheHit>(_ => bus.Subscribe<CacheMiss>(_ => late++));

        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Miss());

        Assert.Equal(1, late);
    }

    [Fact]
    public async Task Publishing_after_dispose_does_nothing()
    {
        var bus = CreateBus();
        var calls = 0;
        bus.Subscribe<CacheHit>(_ => calls++);
        await bus.DisposeAsync();

        bus.Publish(TestEvents.Hit());

        Assert.Equal(0, calls);
        Assert.Throws<ObjectDisposedException>(() => bus.Subscribe<CacheHit>(_ => { }));
    }

    [Fact]
    public async Task Events_are_counted_by_type_on_the_Aide_meter()
    {
        using var meterFactory = new TestMeterFactory();
        await using var bus = AideEventBus.Create(timeProvider: _time, meterFactory: meterFactory);
        using var collector = new MetricCollector<long>(meterFactory.Meter, "aide.events.published");
        using var subscription = bus.Subscribe<AideEvent>(_ => { });

        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Hit());
        bus.Publish(TestEvents.Miss());

        var measurements = collector.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Where(m => Equals(m.Tags["aide.event.type"], "CacheHit")).Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => Equals(m.Tags["aide.event.type"], "CacheMiss")).Sum(m => m.Value));
    }

    private IEventBus CreateBus(EventBusOptions? options = null) =>
        AideEventBus.Create(options, _time, new FakeLoggerFactory(_logger));
}
