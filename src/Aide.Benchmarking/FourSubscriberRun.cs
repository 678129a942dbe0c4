using Aide.Events;

namespace Aide.Benchmarking;

/// <summary>
/// The four-subscriber case of the event checks, end to end: a batch of events is published, then the run waits until
/// all four subscribers have every event. Shared by <c>aide bench</c> and the BenchmarkDotNet suite, so that both figures measure the same thing. The bus's four subscribers are asynchronous; the
/// <c>lock</c> + <c>List</c> baseline calls its four handlers inline.
/// </summary>
public sealed class FourSubscriberRun : IAsyncDisposable
{
    /// <summary>Events per batch: each batch waits for its own events only.</summary>
    public const int Batch = 1_000;

    private readonly CacheHit _event;
    private readonly IEventBus _bus = AideEventBus.Create();
    private readonly LockListDispatcher<CacheHit> _baseline = new();

    // Each subscriber counts on a cache line of its own, as the bus's own counters do: the bus's handlers run on different
    // threads, and adjacent counters would cost them a cache-line transfer per event, a cost of these handlers rather
    // than of the bus (the inline baseline runs its four on one thread, so it never paid it).
    private readonly Slot[] _received = new Slot[4];

    /// <summary>Creates the bus and the baseline, four counting subscribers on each.</summary>
    /// <param name="evt">The event published.</param>
    public FourSubscriberRun(CacheHit evt)
    {
        _event = evt;
        for (var i = 0; i < _received.Length; i++)
        {
            var slot = i;
            _bus.Subscribe<CacheHit>((_, _) =>
            {
                Interlocked.Increment(ref _received[slot].Value);
                return ValueTask.CompletedTask;
            });
            _baseline.Subscribe(_ => Interlocked.Increment(ref _received[slot].Value));
        }
    }

    /// <summary>Publishes <paramref name="count"/> events through the bus, in whole batches, each waited for.</summary>
    public void ThroughBus(int count) => Run(count, new BusPublisher(_bus));

    /// <summary>Publishes <paramref name="count"/> events through the <c>lock</c> + <c>List</c> baseline, in whole batches.</summary>
    public void ThroughBaseline(int count) => Run(count, new BaselinePublisher(_baseline));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    // Generic over a struct, so each loop calls its publisher directly, without a delegate's indirection in the figure.
    private void Run<TPublisher>(int count, TPublisher publisher)
        where TPublisher : struct, IPublisher
    {
        for (var done = 0; done < count; done += Batch)
        {
            var batch = Math.Min(Batch, count - done);
            var target = Volatile.Read(ref _received[3].Value) + batch;
            for (var i = 0; i < batch; i++)
            {
                publisher.Publish(_event);
            }

            WaitFor(target);
        }
    }

    private void WaitFor(long target)
    {
        var spin = default(SpinWait);
        for (var i = 0; i < _received.Length; i++)
        {
            while (Volatile.Read(ref _received[i].Value) < target)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    private interface IPublisher
    {
        void Publish(CacheHit evt);
    }

    private readonly struct BusPublisher(IEventBus bus) : IPublisher
    {
        public void Publish(CacheHit evt) => bus.Publish(evt);
    }

    private readonly struct BaselinePublisher(LockListDispatcher<CacheHit> baseline) : IPublisher
    {
        public void Publish(CacheHit evt) => baseline.Publish(evt);
    }

    /// <summary>A counter alone on its cache line (64-byte lines; 128 bytes covers adjacent-line prefetch).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 128)]
    private struct Slot
    {
        [System.Runtime.InteropServices.FieldOffset(64)]
        public long Value;
    }
}
