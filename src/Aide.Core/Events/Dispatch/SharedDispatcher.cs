using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aide.Events.Dispatch;

/// <summary>
/// One bounded queue and one drain for every asynchronous subscription that uses the bus's backlog settings. A
/// publish enqueues one envelope (the event and the route's subscribers) whatever the number of subscribers, and the
/// drain calls each handler in turn; a handler that completes at once costs a call, not a queue and a thread hop of
/// its own. A handler that does not keep up is detached, once and for good, to its own mailbox
/// (<see cref="AsyncSubscription"/>), which this drain then feeds in order, so it holds up only its own backlog:
/// <list type="bullet">
/// <item>a handler that returns a pending task is detached at once; the drain goes on with the next subscriber;</item>
/// <item>a handler that blocks its thread is found by the <see cref="DispatcherWatchdog"/> within one to two
/// <see cref="EventBusOptions.BlockedHandlerTimeout"/>s; another thread takes over the drain, and the blocked thread
/// finishes that call and then serves the handler's mailbox;</item>
/// <item>a handler the watchdog finds running on several checks in a row (slow, not stuck) is detached at its next
/// event.</item>
/// </list>
/// </summary>
/// <remarks>
/// Hand-written: System.Threading.Channels has no way to move one reader's share of a channel elsewhere, and the
/// issue's measurements put one channel per subscriber at 400-1,200 ns per event on two cores against ~130 ns for
/// one queue feeding one dispatcher.
/// </remarks>
internal sealed class SharedDispatcher : IThreadPoolWorkItem, IDrained, IDisposable
{
    private readonly EventBus _bus;
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly int _capacity;
    private readonly EventOverflowPolicy _overflow;
    private readonly CancellationToken _shutdown;
    private readonly DispatcherWatchdog _watchdog;
    private readonly IdleSignal _idleSignal;

    // The backlog is enqueued − taken, each on a cache line of its own (see AsyncSubscription).
    private PaddedCount _enqueued;
    private PaddedCount _taken;
    private int _scheduled;

    // Where the running drain is, for the watchdog. A takeover gives the new drain a new position: the thread taken
    // over still writes its own once its call returns, and must not disturb the new drain's.
    private DrainPosition _position = new();

    public SharedDispatcher(EventBus bus, int capacity, EventOverflowPolicy overflow, TimeSpan blockedHandlerTimeout, CancellationToken shutdown)
    {
        _bus = bus;
        _capacity = capacity;
        _overflow = overflow;
        _shutdown = shutdown;
        _watchdog = new DispatcherWatchdog(this, blockedHandlerTimeout);
        _idleSignal = new IdleSignal(this);
    }

    /// <summary>Gets the events waiting in the queue (the one being handed out is no longer counted).</summary>
    public int Backlog => (int)Math.Max(0, Volatile.Read(ref _enqueued.Value) - Volatile.Read(ref _taken.Value));

    /// <summary>Gets the watchdog (tests run its checks by hand).</summary>
    internal DispatcherWatchdog Watchdog => _watchdog;

    /// <summary>Gets whether the drain is scheduled or running (read by the watchdog).</summary>
    internal bool IsBusy => Volatile.Read(ref _scheduled) != 0;

    /// <summary>Gets the position of the drain that runs now (or ran last).</summary>
    internal DrainPosition Position => Volatile.Read(ref _position);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(AideEvent @event, AsyncSubscription[] subscribers)
    {
        var envelope = new Envelope(@event, subscribers);
        if (_overflow == EventOverflowPolicy.DropNewest)
        {
            if (Interlocked.Increment(ref _enqueued.Value) - Volatile.Read(ref _taken.Value) > _capacity)
            {
                Interlocked.Decrement(ref _enqueued.Value);
                Dropped(envelope);
                return;
            }

            _queue.Enqueue(envelope);
            Interlocked.MemoryBarrier(); // see AsyncSubscription.Enqueue: the flag below must not be read before the enqueue
        }
        else
        {
            _queue.Enqueue(envelope);
            if (Interlocked.Increment(ref _enqueued.Value) - Volatile.Read(ref _taken.Value) > _capacity && _queue.TryDequeue(out var oldest))
            {
                Interlocked.Decrement(ref _enqueued.Value);
                Dropped(oldest);
            }
        }

        if (Volatile.Read(ref _scheduled) == 0 && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _watchdog.Wake();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Completes when the queue is empty and no drain is running (detached mailboxes are waited for separately).</summary>
    public Task WhenIdleAsync() => _idleSignal.WhenIdleAsync();

    bool IDrained.IsIdle => Volatile.Read(ref _scheduled) == 0 && _queue.IsEmpty;

    public void Dispose() => _watchdog.Dispose();

    void IThreadPoolWorkItem.Execute() => Drain(Volatile.Read(ref _position), default, 0);

    /// <summary>
    /// Called by the watchdog when call <paramref name="call"/> has run for a whole check period: if it still runs,
    /// its subscriber is detached (its mailbox held until the call returns) and a new drain goes on from the next
    /// subscriber of the same event. Returns whether it took over.
    /// </summary>
    internal bool TryTakeOver(DrainPosition position, long call)
    {
        if ((call & 1) == 0 || !ReferenceEquals(position, Volatile.Read(ref _position)))
        {
            return false;
        }

        // The claim is written, then every core is made to pass a full fence: if the call number is still there
        // after that, the drain had not finished the call at the fence, so its check of the claim after the call
        // will see it; a drain that had finished has its new number visible here. Either way one side settles it
        // under the lock. This keeps atomic operations off the drain's per-call path.
        Volatile.Write(ref position.Claim, call);
        Interlocked.MemoryBarrierProcessWide();
        if (Volatile.Read(ref position.Call) != call || !position.Settle(call, takeOver: true))
        {
            return false;
        }

        // The drain is still inside this call and will stop after it, so Current and Index are its own.
        var envelope = position.Current;
        var index = position.Index;
        envelope.Subscribers[index].DetachHeld();
        _bus.OnHandlerDetached(envelope.Subscribers[index], DetachReason.Blocked);
        var next = new DrainPosition();
        Volatile.Write(ref _position, next);
        ThreadPool.UnsafeQueueUserWorkItem(new Resumption(this, next, envelope, index + 1), preferLocal: false);
        return true;
    }

    private void Dropped(Envelope envelope)
    {
        foreach (var subscription in envelope.Subscribers)
        {
            if (!subscription.IsDisposed)
            {
                _bus.OnDropped(subscription, envelope.Event);
            }
        }
    }

    /// <summary>Delivers the rest of <paramref name="resume"/> (after a takeover), then everything queued, then goes idle.</summary>
    private void Drain(DrainPosition position, Envelope resume, int next)
    {
        if (resume.Event is not null)
        {
            position.Current = resume;
            if (!DeliverFrom(position, resume, next))
            {
                return;
            }
        }

        while (true)
        {
            while (_queue.TryDequeue(out var envelope))
            {
                // Counted when taken, as a mailbox counts: the backlog is what waits. One drain runs at a time, so a
                // plain store (see AsyncSubscription).
                Volatile.Write(ref _taken.Value, _taken.Value + 1);
                position.Current = envelope;
                if (!DeliverFrom(position, envelope, 0))
                {
                    return; // taken over: another thread drains from here on
                }
            }

            Interlocked.Exchange(ref _scheduled, 0); // full fence: see AsyncSubscription.DrainAsync
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                _idleSignal.Signal();
                return;
            }

            _watchdog.Wake();
        }
    }

    /// <summary>Hands the event to the subscribers from <paramref name="start"/> on; false if this thread was taken over.</summary>
    private bool DeliverFrom(DrainPosition position, Envelope envelope, int start)
    {
        var subscribers = envelope.Subscribers;
        for (var i = start; i < subscribers.Length; i++)
        {
            var subscription = subscribers[i];
            if (subscription.IsDisposed)
            {
                continue;
            }

            if (!subscription.IsAttached())
            {
                subscription.Enqueue(envelope.Event);
                continue;
            }

            if (!subscription.Breaker.AllowCall())
            {
                _bus.OnSkipped();
                continue;
            }

            position.Index = i;
            var call = position.Call + 1;
            Volatile.Write(ref position.Call, call); // release: Current and Index are visible before the number

            ValueTask pending;
            Exception? error = null;
            try
            {
                pending = subscription.Invoke(envelope.Event, _shutdown);
            }
            catch (Exception ex)
            {
                pending = default;
                error = ex;
            }

            Volatile.Write(ref position.Call, call + 1);
            if (Volatile.Read(ref position.Claim) == call && !position.Settle(call, takeOver: false))
            {
                // The watchdog found this call blocked and gave the drain to another thread, which has gone on with
                // the next subscriber. This thread finishes the call for its subscriber, then serves its mailbox.
                subscription.CompleteHeld(envelope.Event, pending, error);
                return false;
            }

            if (error is not null)
            {
                _bus.OnHandlerFailed(subscription, envelope.Event, error, deadLetter: true);
            }
            else if (pending.IsCompletedSuccessfully)
            {
                subscription.Breaker.OnSuccess();
            }
            else if (pending.IsCompleted)
            {
                // An async handler that threw before its first await: a failure, not a reason to detach it.
                subscription.ObserveCompleted(envelope.Event, pending);
            }
            else
            {
                // Pending: the handler's later events wait in its own mailbox until this one is done.
                subscription.DetachHeld();
                _bus.OnHandlerDetached(subscription, DetachReason.Pending);
                subscription.CompleteHeld(envelope.Event, pending, null);
            }
        }

        return true;
    }

    /// <summary>
    /// Where one drain thread is, written by that thread alone: <see cref="Call"/> is odd while a handler runs (a
    /// number unique to that call) and even between calls; <see cref="Claim"/> is the call the watchdog wants to take
    /// over. Padded off the cache lines the publisher reads, as the drain writes it on every call.
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    internal sealed class DrainPosition
    {
        [FieldOffset(64)]
        public long Call;

        [FieldOffset(72)]
        public long Claim;

        [FieldOffset(80)]
        public int Index;

        [FieldOffset(88)]
        public Envelope Current;

        [FieldOffset(104)]
        private readonly Lock _gate = new();

        [FieldOffset(112)]
        private long _settledCall;

        [FieldOffset(120)]
        private bool _takenOver;

        /// <summary>Keeps whatever is allocated next off the fields above.</summary>
        [FieldOffset(184)]
        public long TrailingPad;

        /// <summary>
        /// Decides a claimed call once, for whichever side asks first (the watchdog to take it over, the drain, done
        /// with it, to go on): returns whether the asking side's wish holds.
        /// </summary>
        public bool Settle(long call, bool takeOver)
        {
            lock (_gate)
            {
                if (_settledCall != call)
                {
                    _settledCall = call;
                    _takenOver = takeOver;
                }

                return _takenOver == takeOver;
            }
        }
    }

    /// <summary>An event and the subscribers it is for (the route's array at publish time).</summary>
    internal readonly record struct Envelope(AideEvent Event, AsyncSubscription[] Subscribers);

    /// <summary>The drain continued on a new thread after a takeover, from the subscriber after the blocked one.</summary>
    private sealed class Resumption(SharedDispatcher dispatcher, DrainPosition position, Envelope envelope, int next) : IThreadPoolWorkItem
    {
        public void Execute() => dispatcher.Drain(position, envelope, next);
    }
}
