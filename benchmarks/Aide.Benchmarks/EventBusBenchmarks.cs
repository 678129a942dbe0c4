using Aide.Cli.Bench;
using Aide.Events;
using Aide.Events.Dispatch;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Aide.Benchmarks;

/// <summary>Issue 4 targets: publish with no subscriber, with one synchronous subscriber, and to four asynchronous ones, each against a lock + List&lt;Delegate&gt; dispatcher.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EventBusBenchmarks
{
    private const int Batch = 1_000;

    private readonly CacheHit _event = new("responses", "hash", CacheTier.Memory, TimeSpan.Zero) { Timestamp = DateTimeOffset.UnixEpoch, Source = "bench" };

    // Each subscriber's counter on a cache line of its own (the bus's PaddedCount): adjacent counters made the four
    // handlers, which run on different threads, take one cache line from each other on every event, a cost of the
    // benchmark's handlers rather than of the bus (the inline baseline runs its four on one thread, so it never paid it).
    private readonly PaddedCount[] _received = new PaddedCount[4];
    private IEventBus _empty = null!;
    private IEventBus _otherTypeOnly = null!;
    private IEventBus _oneSync = null!;
    private IEventBus _fourAsync = null!;
    private LockListDispatcher<CacheHit> _baselineEmpty = null!;
    private LockListDispatcher<CacheHit> _baselineOne = null!;
    private LockListDispatcher<CacheHit> _baselineFour = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _empty = AideEventBus.Create();
        _otherTypeOnly = AideEventBus.Create();
        _otherTypeOnly.Subscribe<CacheMiss>(e => _sink += e.Latency.Ticks + 1);
        _oneSync = AideEventBus.Create();
        _oneSync.Subscribe<CacheHit>(e => _sink += e.Latency.Ticks + 1);
        _fourAsync = AideEventBus.Create();
        for (var i = 0; i < 4; i++)
        {
            var slot = i;
            _fourAsync.Subscribe<CacheHit>((_, _) =>
            {
                Interlocked.Increment(ref _received[slot].Value);
                return ValueTask.CompletedTask;
            });
        }

        _baselineEmpty = new LockListDispatcher<CacheHit>();
        _baselineOne = new LockListDispatcher<CacheHit>();
        _baselineOne.Subscribe(e => _sink += e.Latency.Ticks + 1);
        _baselineFour = new LockListDispatcher<CacheHit>();
        for (var i = 0; i < 4; i++)
        {
            var slot = i;
            _baselineFour.Subscribe(_ => Interlocked.Increment(ref _received[slot].Value));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _empty.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _otherTypeOnly.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _oneSync.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _fourAsync.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("NoSubscriber")]
    public void LockList_no_subscriber() => _baselineEmpty.Publish(_event);

    [Benchmark]
    [BenchmarkCategory("NoSubscriber")]
    public void Bus_no_subscriber() => _empty.Publish(_event);

    /// <summary>The bus has subscribers, but none for this event's type (the route lookup path).</summary>
    [Benchmark]
    [BenchmarkCategory("NoSubscriber")]
    public void Bus_no_subscriber_for_type() => _otherTypeOnly.Publish(_event);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("OneSync")]
    public void LockList_one_sync() => _baselineOne.Publish(_event);

    [Benchmark]
    [BenchmarkCategory("OneSync")]
    public void Bus_one_sync() => _oneSync.Publish(_event);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("FourAsync")]
    public void LockList_four_handlers_inline()
    {
        var target = Volatile.Read(ref _received[3].Value) + Batch;
        for (var i = 0; i < Batch; i++)
        {
            _baselineFour.Publish(_event);
        }

        WaitFor(target);
    }

    /// <summary>End to end: publish a batch, then wait until all four asynchronous subscribers have every event.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("FourAsync")]
    public void Bus_four_async_end_to_end()
    {
        var target = Volatile.Read(ref _received[3].Value) + Batch;
        for (var i = 0; i < Batch; i++)
        {
            _fourAsync.Publish(_event);
        }

        WaitFor(target);
    }

    private void WaitFor(long target)
    {
        var spin = default(SpinWait);
        for (var i = 0; i < 4; i++)
        {
            while (Volatile.Read(ref _received[i].Value) < target)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
