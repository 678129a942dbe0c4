using System.Collections.Concurrent;
using Aide.Events;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

public sealed class EventBusAsyncTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Async_handler_gets_every_event_in_publish_order()
    {
        await using var bus = AideEventBus.Create(timeProvider: _time);
        var received = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource();
        using var subscription = bus.Subscribe<CacheHit>(async (e, _) =>
        {
            await Task.Yield();
            received.Enqueue(e.KeyHash);
            if (received.Count == 1000)
            {
                done.SetResult();
            }
        });

        for (var i = 0; i < 1000; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"hash-{i}"), received);
    }

    [Fact]
    public async Task Concurrent_publishers_never_strand_an_event_in_a_mailbox()
    {
        // Regression: a missing fence between "enqueue" and "is a drain scheduled?" left events queued with no
        // drain coming; many short bursts from several threads make that window likely to be hit.
        var bus = AideEventBus.Create(); // real clock: the drain timeout (5 s) is the guard if an event is stranded
        const int publishers = 4, perPublisher = 20_000;
        var counts = new long[2];
        for (var s = 0; s < counts.Length; s++)
        {
            var slot = s;
            bus.Subscribe<CacheHit>(
                (_, _) =>
                {
                    Interlocked.Increment(ref counts[slot]);
                    return ValueTask.CompletedTask;
                },
                new AsyncSubscriptionOptions { Capacity = publishers * perPublisher }); // room for all: nothing may be dropped
        }

        var evt = TestEvents.Hit();
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(
            () =>
            {
                for (var i = 0; i < perPublisher; i++)
                {
                    bus.Publish(evt);
                }
            },
            TestContext.Current.CancellationToken)));
        await bus.DisposeAsync();

        Assert.Equal([publishers * perPublisher, publishers * perPublisher], counts);
    }

    [Fact]
    public async Task A_blocked_async_handler_blocks_neither_the_publisher_nor_other_subscribers()
    {
        await using var bus = AideEventBus.Create(new EventBusOptions { DrainTimeout = TimeSpan.Zero }, _time);
        using var release = new ManualResetEventSlim();
        var blockedStarted = new TaskCompletionSource();
        var healthyDone = new TaskCompletionSource();
        var healthy = 0;
        using var blocked = bus.Subscribe<CacheHit>((_, _) =>
        {
            blockedStarted.TrySetResult();
            release.Wait(TestContext.Current.CancellationToken); // a handler that blocks its thread outright
            return ValueTask.CompletedTask;
        });
        using var other = bus.Subscribe<CacheHit>((_, _) =>
        {
            if (Interlocked.Increment(ref healthy) == 100)
            {
                healthyDone.SetResult();
            }

            return ValueTask.CompletedTask;
        });

        bus.Publish(TestEvents.Hit());
        await blockedStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        for (var i = 1; i < 100; i++)
        {
            bus.Publish(TestEvents.Hit(i)); // returns at once although one handler is stuck
        }

        await healthyDone.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(99, bus.GetStatistics().Backlog);
        release.Set();
    }

    [Theory]
    [InlineData(EventOverflowPolicy.DropOldest, new[] { 0, 7, 8, 9 })]
    [InlineData(EventOverflowPolicy.DropNewest, new[] { 0, 1, 2, 3 })]
    public async Task A_full_backlog_drops_by_policy_and_counts_it(EventOverflowPolicy policy, int[] expected)
    {
        await using var bus = AideEventBus.Create(timeProvider: _time);
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var received = new ConcurrentQueue<int>();
        using var subscription = bus.Subscribe<CacheHit>(
            async (e, _) =>
            {
                started.TrySetResult();
                await gate.Task;
                received.Enqueue(int.Parse(e.KeyHash[5..], System.Globalization.CultureInfo.InvariantCulture));
            },
            new AsyncSubscriptionOptions { Capacity = 3, Overflow = policy });

        bus.Publish(TestEvents.Hit(0));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        for (var i = 1; i < 10; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        Assert.Equal(6, bus.GetStatistics().Dropped);
        gate.SetResult();
        await bus.DisposeAsync();
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Failed_async_deliveries_go_to_the_dead_letter_sink()
    {
        var sink = new ListDeadLetterSink();
        await using var bus = AideEventBus.Create(new EventBusOptions { DeadLetterSink = sink }, _time);
        using var subscription = bus.Subscribe<CacheMiss>((_, _) => throw new InvalidOperationException("cannot store"), new AsyncSubscriptionOptions { Name = "store" });

        bus.Publish(TestEvents.Miss());
        await bus.DisposeAsync();

        var (evt, handler, error) = Assert.Single(sink.Entries);
        Assert.IsType<CacheMiss>(evt);
        Assert.Equal("store", handler);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Equal(1, bus.GetStatistics().DeadLettered);
    }

    [Fact]
    public async Task Dispose_drains_the_backlogs_first()
    {
        var bus = AideEventBus.Create(timeProvider: _time);
        var received = 0;
        bus.Subscribe<CacheHit>(async (_, _) =>
        {
            await Task.Yield();
            Interlocked.Increment(ref received);
        });
        for (var i = 0; i < 500; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        await bus.DisposeAsync();

        Assert.Equal(500, received);
    }

    [Fact]
    public async Task Dispose_gives_up_after_the_drain_timeout_and_cancels_stuck_handlers()
    {
        var bus = AideEventBus.Create(new EventBusOptions { DrainTimeout = TimeSpan.FromSeconds(5) }, _time);
        var cancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        bus.Subscribe<CacheHit>(async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
            }
        });
        bus.Publish(TestEvents.Hit());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var disposing = bus.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        await disposing.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private sealed class ListDeadLetterSink : IEventDeadLetterSink
    {
        public ConcurrentQueue<(AideEvent Event, string Handler, Exception Error)> Entries { get; } = new();

        public void Write(AideEvent evt, string handler, Exception exception) => Entries.Enqueue((evt, handler, exception));
    }
}
