namespace Aide.Events.Dispatch;

/// <summary>
/// Checks the <see cref="SharedDispatcher"/> every <see cref="EventBusOptions.BlockedHandlerTimeout"/> while it is
/// busy: the same handler call seen on two checks in a row has blocked for at least one period, and is taken over;
/// the same subscriber seen in different calls on <see cref="SlowChecks"/> checks in a row is taking most of the
/// drain's time, and is detached at its next event. The drain pays three plain stores (the index, the call number
/// before and after) and one plain read (the claim) per call for this, no atomic operation.
/// </summary>
/// <remarks>
/// Runs on the system clock, not the bus's <see cref="TimeProvider"/>: it keeps events moving, and a bus built on a
/// test's fake clock must still get past a blocked handler. Parks after a second of idleness and is woken by the next
/// publish, so an idle bus wakes nothing.
/// </remarks>
internal sealed class DispatcherWatchdog : IDisposable
{
    private const int SlowChecks = 3;
    private const int IdleChecksBeforeParking = 20;

    private readonly SharedDispatcher _dispatcher;
    private readonly TimeSpan _period;
    private readonly Lock _timerGate = new();
    private readonly ITimer _timer;
    private int _parked = 1;
    private int _checking;
    private bool _disposed;

    // Touched only by the check itself (one at a time, see _checking).
    private long _lastCall;
    private SharedDispatcher.DrainPosition? _lastPosition;
    private AsyncSubscription? _lastSampled;
    private int _sameSamples;
    private int _idleChecks;

    public DispatcherWatchdog(SharedDispatcher dispatcher, TimeSpan period)
    {
        _dispatcher = dispatcher;
        _period = period;
        _timer = TimeProvider.System.CreateTimer(static state => ((DispatcherWatchdog)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called when the dispatcher goes from idle to busy: restarts the checks if they were parked.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _parked) == 0)
        {
            return;
        }

        lock (_timerGate)
        {
            if (_parked != 0 && !_disposed)
            {
                _parked = 0;
                _timer.Change(_period, _period);
            }
        }
    }

    public void Dispose()
    {
        lock (_timerGate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    /// <summary>One check; run by the timer (tests call it directly, on a timeout long enough that the timer never fires).</summary>
    internal void Check()
    {
        if (Interlocked.Exchange(ref _checking, 1) != 0)
        {
            return; // the previous check is still running
        }

        try
        {
            var position = _dispatcher.Position;
            var call = Volatile.Read(ref position.Call);
            if ((call & 1) != 0)
            {
                _idleChecks = 0;
                if (call == _lastCall && ReferenceEquals(position, _lastPosition))
                {
                    _dispatcher.TryTakeOver(position, call);
                    ForgetSamples();
                    return;
                }

                _lastCall = call;
                _lastPosition = position;
                SampleSlowSubscriber(position);
                return;
            }

            ForgetSamples();
            if (!_dispatcher.IsBusy && ++_idleChecks >= IdleChecksBeforeParking)
            {
                Park();
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private void SampleSlowSubscriber(SharedDispatcher.DrainPosition position)
    {
        // Read without synchronization: a mismatched envelope and index give a wrong or no sample, never a fault.
        var subscribers = position.Current.Subscribers;
        var index = Volatile.Read(ref position.Index);
        var subscription = subscribers is not null && (uint)index < (uint)subscribers.Length ? subscribers[index] : null;
        if (subscription is null || !ReferenceEquals(subscription, _lastSampled))
        {
            _lastSampled = subscription;
            _sameSamples = 1;
            return;
        }

        if (++_sameSamples >= SlowChecks)
        {
            subscription.RequestDetach();
            ForgetSamples();
        }
    }

    private void ForgetSamples()
    {
        _lastCall = 0;
        _lastPosition = null;
        _lastSampled = null;
        _sameSamples = 0;
    }

    /// <summary>
    /// Stops the timer unless the dispatcher became busy meanwhile. The flag is set before the busy flag is read, and
    /// the publisher sets the busy flag before reading this one (both with full fences), so one of the two always
    /// sees the other: the checks never park while the dispatcher runs.
    /// </summary>
    private void Park()
    {
        lock (_timerGate)
        {
            Volatile.Write(ref _parked, 1);
            Interlocked.MemoryBarrier();
            if (_dispatcher.IsBusy || _disposed)
            {
                _parked = _disposed ? 1 : 0;
                return;
            }

            _idleChecks = 0;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
