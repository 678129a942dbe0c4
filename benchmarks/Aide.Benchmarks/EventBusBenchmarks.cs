using Aide.Benchmarking;
using Aide.Events;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Aide.Benchmarks;

/// <summary>Issue 4 targets: publish with no subscriber, with one synchronous subscriber, and to four asynchronous ones, each against a lock + List&lt;Delegate&gt; dispatcher.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EventBusBenchmarks
{
    private const int Batch = FourSubscriberRun.Batch;

    private readonly CacheHit _event = new("responses", "hash", CacheTier.Memory, TimeSpan.Zero) { Timestamp = DateTimeOffset.UnixEpoch, Source = "bench" };

    private IEventBus _empty = null!;
    private IEventBus _otherTypeOnly = null!;
    private IEventBus _oneSync = null!;
    private FourSubscriberRun _four = null!;
    private LockListDispatcher<CacheHit> _baselineEmpty = null!;
    private LockListDispatcher<CacheHit> _baselineOne = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _empty = AideEventBus.Create();
        _otherTypeOnly = AideEventBus.Create();
        _otherTypeOnly.Subscribe<CacheMiss>(e => _sink += e.Latency.Ticks + 1);
        _oneSync = AideEventBus.Create();
        _oneSync.Subscribe<CacheHit>(e => _sink += e.Latency.Ticks + 1);
        _four = new FourSubscriberRun(_event);

        _baselineEmpty = new LockListDispatcher<CacheHit>();
        _baselineOne = new LockListDispatcher<CacheHit>();
        _baselineOne.Subscribe(e => _sink += e.Latency.Ticks + 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _empty.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _otherTypeOnly.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _oneSync.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _four.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
    public void LockList_four_handlers_inline() => _four.ThroughBaseline(Batch);

    /// <summary>End to end: publish a batch, then wait until all four asynchronous subscribers have every event.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("FourAsync")]
    public void Bus_four_async_end_to_end() => _four.ThroughBus(Batch);
}
