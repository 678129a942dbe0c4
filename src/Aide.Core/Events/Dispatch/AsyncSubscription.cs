using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aide.Events.Dispatch;

/// <summary>
/// An asynchronous handler and its own bounded mailbox. A handler subscribed with its own backlog settings is fed
/// here by the publisher from the start; one on the bus's settings is called by the <see cref="SharedDispatcher"/>
/// while it keeps up, and fed here by that dispatcher once detached. Whoever enqueues only enqueues (lock-free) and,
/// when the mailbox was idle, schedules one drain on the thread pool; the drain delivers everything queued, in order,
/// then goes idle. A slow or blocked handler therefore holds up only its own backlog, never the publisher or other
/// subscribers, and a busy stream is delivered in batches without a thread hop per event.
/// </summary>
/// <remarks>
/// Hand-written rather than one System.Threading.Channels channel per subscriber: on two cores that design
/// measured 400-1,200 ns per event because each item woke its reader; the mailbox wakes only from idle.
/// </remarks>
internal sealed class AsyncSubscription : Subscription, IThreadPoolWorkItem, IDrained
{
    private readonly ConcurrentQueue<AideEvent> _queue = new();
    private readonly int _capacity;
    private readonly EventOverflowPolicy _overflow;
    private readonly CancellationToken _shutdown;
    private readonly IdleSignal _idleSignal;

    // The backlog is enqueued − dequeued, each on a cache line of its own: publishers add to the first (atomically, as
    // there may be several), and the one running drain writes the second with a plain store. One shared counter
    // changed by both sides per event made them take its cache line from each other on every event (BenchmarkDotNet:
    // four subscribers, ~165 ns an event).
    private PaddedCount _enqueued;
    private PaddedCount _dequeued;
    private int _scheduled;
    private int _placement;

    public AsyncSubscription(EventBus bus, Type filter, Delegate callback, string? name, int capacity, EventOverflowPolicy overflow, bool shared, CancellationToken shutdown)
        : base(bus, filter, callback, name)
    {
        _capacity = capacity;
        _overflow = overflow;
        _shutdown = shutdown;
        Shared = shared;
        _idleSignal = new IdleSignal(this);
        _placement = shared ? Placement.Attached : Placement.Detached;
    }

    /// <summary>
    /// Gets whether the shared dispatcher routes this subscription's events (calling it, or feeding its mailbox once
    /// detached); otherwise the publisher feeds the mailbox directly.
    /// </summary>
    public bool Shared { get; }

    /// <summary>
    /// Called by the shared dispatcher before each call: true while the handler keeps up. A detachment the watchdog
    /// asked for happens here, between two events, so the mailbox starts empty and idle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAttached()
    {
        var placement = Volatile.Read(ref _placement);
        if (placement == Placement.Attached)
        {
            return true;
        }

        if (placement == Placement.DetachRequested)
        {
            Volatile.Write(ref _placement, Placement.Detached);
            Bus.OnHandlerDetached(this, DetachReason.Slow);
        }

        return false;
    }

    /// <summary>Asks the shared dispatcher to detach this subscription at its next event (it is slow, not stuck).</summary>
    public void RequestDetach() => Interlocked.CompareExchange(ref _placement, Placement.DetachRequested, Placement.Attached);

    /// <summary>
    /// Detaches this subscription while one of its calls is still running: the mailbox is marked as being drained,
    /// so later events wait in it, and <see cref="CompleteHeld"/> starts the drain when that call is over.
    /// </summary>
    public void DetachHeld()
    {
        Volatile.Write(ref _scheduled, 1);
        Volatile.Write(ref _placement, Placement.Detached);
    }

    /// <summary>Calls the handler (for the shared dispatcher).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask Invoke(AideEvent @event, CancellationToken cancellationToken) =>
        Unsafe.As<Func<AideEvent, CancellationToken, ValueTask>>(Callback)(@event, cancellationToken);

    /// <summary>Finishes the call a <see cref="DetachHeld"/> was made during, then drains the mailbox.</summary>
    public void CompleteHeld(AideEvent @event, ValueTask pending, Exception? error)
    {
        if (error is not null)
        {
            Bus.OnHandlerFailed(this, @event, error, deadLetter: true);
        }
        else if (!pending.IsCompleted)
        {
            _ = AwaitHeldAsync(@event, pending);
            return;
        }
        else
        {
            ObserveCompleted(@event, pending);
        }

        _ = DrainAsync();
    }

    /// <summary>Records the outcome of a call whose task is already complete: a success, or a failure it threw.</summary>
    public void ObserveCompleted(AideEvent @event, ValueTask completed)
    {
        try
        {
            completed.GetAwaiter().GetResult();
            Breaker.OnSuccess();
        }
        catch (Exception ex)
        {
            Bus.OnHandlerFailed(this, @event, ex, deadLetter: true);
        }
    }

    public int Backlog => (int)Math.Max(0, Volatile.Read(ref _enqueued.Value) - Volatile.Read(ref _dequeued.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(AideEvent @event)
    {
        if (_overflow == EventOverflowPolicy.DropNewest)
        {
            if (Interlocked.Increment(ref _enqueued.Value) - Volatile.Read(ref _dequeued.Value) > _capacity)
            {
                Interlocked.Decrement(ref _enqueued.Value);
                Bus.OnDropped(this, @event);
                return;
            }

            _queue.Enqueue(@event);
            Interlocked.MemoryBarrier(); // see below
        }
        else
        {
            _queue.Enqueue(@event);

            // Counted after the enqueue, so this atomic add is also the full fence the flag check below needs.
            if (Interlocked.Increment(ref _enqueued.Value) - Volatile.Read(ref _dequeued.Value) > _capacity)
            {
                DropOldest();
            }
        }

        // A full fence lies between the enqueue and this read of the flag: otherwise the drain's "clear the flag, then
        // look at the queue" and this "enqueue, then look at the flag" can both see stale values on x86, and an event
        // would sit in the queue with no drain coming (found by the benchmark). Read first, so a busy mailbox costs no
        // atomic operation on the flag's cache line.
        if (Volatile.Read(ref _scheduled) == 0 && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Completes when the mailbox is empty and no delivery is running.</summary>
    public Task WhenIdleAsync() => _idleSignal.WhenIdleAsync();

    bool IDrained.IsIdle => Volatile.Read(ref _scheduled) == 0 && _queue.IsEmpty;

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    protected override void OnDisposed()
    {
        // Not counted as dequeued: that counter is the running drain's alone.
        while (_queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _enqueued.Value);
        }
    }

    private async Task AwaitHeldAsync(AideEvent @event, ValueTask pending)
    {
        try
        {
            await pending;
            Breaker.OnSuccess();
        }
        catch (Exception ex)
        {
            Bus.OnHandlerFailed(this, @event, ex, deadLetter: true);
        }

        await DrainAsync();
    }

    /// <summary>The backlog is over capacity after an enqueue: the oldest event goes (taken back from the enqueued count).</summary>
    private void DropOldest()
    {
        if (_queue.TryDequeue(out var oldest))
        {
            Interlocked.Decrement(ref _enqueued.Value);
            Bus.OnDropped(this, oldest);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var @event))
            {
                // One drain runs at a time (the flag), so a plain store: no atomic operation per event on this side.
                Volatile.Write(ref _dequeued.Value, _dequeued.Value + 1);
                if (IsDisposed)
                {
                    continue;
                }

                if (!Breaker.AllowCall())
                {
                    Bus.OnSkipped();
                    continue;
                }

                try
                {
                    var pending = Invoke(@event, _shutdown);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        await pending;
                    }

                    Breaker.OnSuccess();
                }
                catch (Exception ex)
                {
                    Bus.OnHandlerFailed(this, @event, ex, deadLetter: true);
                }
            }

            Interlocked.Exchange(ref _scheduled, 0); // full fence: see Enqueue

            // An event enqueued after the last TryDequeue but before the flag cleared saw "scheduled" and did not
            // schedule a drain: take it here, unless a new drain already did.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                _idleSignal.Signal();
                return;
            }
        }
    }
}

/// <summary>A counter alone on its cache line (64-byte lines; 128 bytes covers adjacent-line prefetch).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCount
{
    [FieldOffset(64)]
    public long Value;
}
