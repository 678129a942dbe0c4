using System.Collections.Concurrent;
using Aide.Events;
using Aide.Events.Dispatch;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

/// <summary>
/// Asynchronous handlers on the bus's settings share one dispatcher; these tests drive its watchdog by hand (the
/// timer's period is an hour) so that each step is deterministic.
/// </summary>
public sealed class EventBusSharedDispatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();

    [Fact]
    public async Task A_handler_that_blocks_its_thread_is_taken_over_and_the_others_go_on_from_the_next_subscriber()
    {
        using var meters = new TestMeterFactory();
        using var detached = new MetricCollector<long>(meters.Meter, "aide.events.handlers_detached");
        var bus = CreateBus(meters);
        using var release = new ManualResetEventSlim();
        var blockedStarted = new TaskCompletionSource();
        var first = new Recorder();
        var blocked = new Recorder();
        var third = new Recorder();
        bus.Subscribe<CacheHit>(first.HandleAsync);
        bus.Subscribe<CacheHit>((e, ct) =>
        {
            blockedStarted.TrySetResult();
            release.Wait(TestContext.Current.CancellationToken); // blocks its thread outright on the first event
            return blocked.HandleAsync(e, ct);
        });
        bus.Subscribe<CacheHit>(third.HandleAsync);

        bus.Publish(TestEvents.Hit(0));
        await blockedStarted.Task.WaitAsync(Wait, TestContext.Current.CancellationToken);
        for (var i = 1; i < 10; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        Assert.Equal([0], first.Received);
        Assert.Empty(third.Received);

        var watchdog = WatchdogOf(bus);
        watchdog.Check(); // sees the call
        watchdog.Check(); // the same call again: taken over

        await third.WhenCountAsync(10);
        await first.WhenCountAsync(10);
        Assert.Equal(Enumerable.Range(0, 10), third.Received); // from the event it was stuck on, each once, in order
        Assert.Equal(Enumerable.Range(0, 10), first.Received);
        Assert.Empty(blocked.Received);
        Assert.Equal(9, bus.GetStatistics().Backlog); // waiting in the blocked handler's own queue
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.Contains("blocked its thread", StringComparison.Ordinal));
        AssertDetachedOnce(detached, "blocked");

        release.Set();
        await bus.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 10), blocked.Received);
        Assert.Equal(0, bus.GetStatistics().Dropped);
    }

    [Fact]
    public async Task A_handler_that_returns_a_pending_task_gets_its_own_queue_at_once()
    {
        using var meters = new TestMeterFactory();
        using var detached = new MetricCollector<long>(meters.Meter, "aide.events.handlers_detached");
        var bus = CreateBus(meters);
        var gate = new TaskCompletionSource();
        var waiting = new Recorder();
        var healthy = new Recorder();
        bus.Subscribe<CacheHit>(async (e, ct) =>
        {
            await gate.Task;
            await waiting.HandleAsync(e, ct);
        });
        bus.Subscribe<CacheHit>(healthy.HandleAsync);

        for (var i = 0; i < 100; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        await healthy.WhenCountAsync(100); // no watchdog check needed
        Assert.Empty(waiting.Received);
        AssertDetachedOnce(detached, "pending");

        gate.SetResult();
        await bus.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 100), waiting.Received);
        Assert.Equal(Enumerable.Range(0, 100), healthy.Received);
    }

    [Fact]
    public async Task A_handler_seen_running_on_three_checks_in_a_row_is_detached_at_its_next_event()
    {
        using var meters = new TestMeterFactory();
        using var detached = new MetricCollector<long>(meters.Meter, "aide.events.handlers_detached");
        var bus = CreateBus(meters);
        using var entered = new SemaphoreSlim(0);
        using var permits = new SemaphoreSlim(0);
        var slow = new Recorder();
        var other = new Recorder();
        bus.Subscribe<CacheHit>((e, ct) =>
        {
            entered.Release();
            permits.Wait(TestContext.Current.CancellationToken); // slow: each call waits for the test
            return slow.HandleAsync(e, ct);
        });
        bus.Subscribe<CacheHit>(other.HandleAsync);
        for (var i = 0; i < 6; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        var watchdog = WatchdogOf(bus);
        for (var call = 0; call < 3; call++)
        {
            Assert.True(await entered.WaitAsync(Wait, TestContext.Current.CancellationToken));
            watchdog.Check(); // a different call each time, of the same handler
            permits.Release();
        }

        // Events 0-2 went through the shared dispatcher; from event 3 the slow handler is fed through its own
        // queue, so the other subscriber gets everything while the slow one still waits for its fourth permit.
        await other.WhenCountAsync(6);
        Assert.Equal(Enumerable.Range(0, 3), slow.Received);
        AssertDetachedOnce(detached, "slow");

        permits.Release(3);
        await bus.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 6), slow.Received);
        Assert.Equal(Enumerable.Range(0, 6), other.Received);
    }

    [Fact]
    public async Task Handlers_that_complete_at_once_all_run_on_the_shared_dispatcher_and_dispose_drains_it()
    {
        var bus = CreateBus();
        var recorders = Enumerable.Range(0, 4).Select(_ => new Recorder()).ToArray();
        foreach (var recorder in recorders)
        {
            bus.Subscribe<CacheHit>(recorder.HandleAsync);
        }

        bus.SubscribeCategory(EventCategory.Cache, (_, _) => ValueTask.CompletedTask, new AsyncSubscriptionOptions { Capacity = 5 }); // own mailbox
        for (var i = 0; i < 2000; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        await bus.DisposeAsync();
        Assert.All(recorders, r => Assert.Equal(Enumerable.Range(0, 2000), r.Received));
        Assert.Equal(0, bus.GetStatistics().Backlog);
    }

    [Fact]
    public async Task A_shared_handler_that_keeps_throwing_is_suspended_dead_lettered_and_tried_again_after_the_break()
    {
        var bus = CreateBus();
        var concrete = Assert.IsType<EventBus>(bus);
        var calls = 0;
        var healthy = new Recorder();
        bus.Subscribe<CacheHit>((_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("broken");
        });
        bus.Subscribe<CacheHit>(healthy.HandleAsync);

        for (var i = 0; i < 8; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        await healthy.WhenCountAsync(8);
        await concrete.Dispatcher!.WhenIdleAsync();
        Assert.Equal(5, calls); // suspended after the fifth failure in a row
        var statistics = bus.GetStatistics();
        Assert.Equal(5, statistics.HandlerFailures);
        Assert.Equal(3, statistics.SkippedWhileSuspended);

        _time.Advance(TimeSpan.FromSeconds(30));
        bus.Publish(TestEvents.Hit(8));
        await healthy.WhenCountAsync(9);
        await concrete.Dispatcher.WhenIdleAsync();
        Assert.Equal(6, calls); // one event let through after the break
        Assert.Equal(Enumerable.Range(0, 9), healthy.Received);
        await bus.DisposeAsync();
    }

    [Fact]
    public async Task An_async_handler_that_throws_before_awaiting_stays_on_the_shared_dispatcher()
    {
        var bus = CreateBus();
        var concrete = Assert.IsType<EventBus>(bus);
        var subscription = Assert.IsType<AsyncSubscription>(bus.Subscribe<CacheHit>(async (e, _) =>
        {
            if (e.Latency.Ticks == 0)
            {
                throw new InvalidOperationException("first event"); // a faulted task, completed at once
            }

            await Task.CompletedTask;
        }));

        bus.Publish(TestEvents.Hit(0));
        bus.Publish(TestEvents.Hit(1));
        await concrete.Dispatcher!.WhenIdleAsync();

        Assert.Equal(1, bus.GetStatistics().HandlerFailures);
        Assert.Equal(0, bus.GetStatistics().Backlog);
        Assert.True(subscription.IsAttached()); // a failure is counted, not taken as a reason to leave the dispatcher
        await bus.DisposeAsync();
    }

    [Fact]
    public void The_blocked_handler_timeout_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AideEventBus.Create(new EventBusOptions { BlockedHandlerTimeout = TimeSpan.Zero }));

    private static DispatcherWatchdog WatchdogOf(IEventBus bus) => Assert.IsType<EventBus>(bus).Dispatcher!.Watchdog;

    private static void AssertDetachedOnce(MetricCollector<long> detached, string reason)
    {
        var measurement = Assert.Single(detached.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal(reason, measurement.Tags["aide.event.detach_reason"]);
    }

    private IEventBus CreateBus(TestMeterFactory? meters = null) =>
        AideEventBus.Create(new EventBusOptions { BlockedHandlerTimeout = TimeSpan.FromHours(1), DrainTimeout = TimeSpan.FromSeconds(30) }, _time, new FakeLoggerFactory(_logger), meters);

    /// <summary>Records the numbers of the events it gets, in order.</summary>
    private sealed class Recorder
    {
        private readonly ConcurrentQueue<int> _received = new();
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public int[] Received => [.. _received];

        public ValueTask HandleAsync(CacheHit e, CancellationToken cancellationToken)
        {
            _received.Enqueue((int)e.Latency.Ticks);
            lock (_gate)
            {
                foreach (var (count, done) in _waiters)
                {
                    if (_received.Count >= count)
                    {
                        done.TrySetResult();
                    }
                }
            }

            return ValueTask.CompletedTask;
        }

        public Task WhenCountAsync(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_received.Count >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((count, done));
            }

            return done.Task.WaitAsync(Wait, TestContext.Current.CancellationToken);
        }
    }
}
