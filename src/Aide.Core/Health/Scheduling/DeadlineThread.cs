using System.Runtime.Versioning;

namespace Aide.Health.Scheduling;

/// <summary>
/// One dedicated thread that fires <see cref="PreciseTimer"/>s at absolute deadlines on the fine monotonic clock.
/// It waits on a monitor (woken when an earlier timer arrives) until 5 ms before the next deadline, then sleeps
/// with <c>clock_nanosleep(TIMER_ABSTIME)</c> and 1 ns timer slack to just before it (in 1 ms steps, so an earlier
/// timer added meanwhile is noticed), and spins the last stretch.
/// The stretch is the kernel's measured wake-up delay (a running average, at most 200 µs), so a 100 ms period
/// spins ~0.1 % of a core and a 5 s one nothing worth counting. Nothing polls: an idle thread is blocked.
/// Callbacks run on this thread and must be short (the health scheduler only records and hands work to the pool);
/// like <see cref="System.Threading.Timer"/>, an exception escaping a callback ends the process.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DeadlineThread
{
    private const long CoarseMargin = 5_000_000; // ns left to the fine sleep: the monitor wait is ms-precise and may oversleep
    private const long FineChunk = 1_000_000; // ns: the fine sleep wakes this often to notice an earlier timer
    private const long MaxWakeLead = 200_000; // ns: the most the thread wakes early to spin to the deadline
    private static readonly Lazy<DeadlineThread> LazyShared = new(() => new DeadlineThread());
    private readonly object _gate = new();
    private readonly PriorityQueue<(PreciseTimer Timer, int Version), long> _queue = new();
    private long _wakeDelay = 60_000; // ns: running average of how late clock_nanosleep returns

    private DeadlineThread()
    {
        // Compile the firing path now rather than on the first deadline, which would otherwise run ~1.5 ms late.
        _queue.Enqueue((new PreciseTimer(this, static _ => { }, null), -1), 0);
        _queue.Dequeue().Timer.Fire();
        var thread = new Thread(Run) { IsBackground = true, Name = "aide-deadlines", Priority = ThreadPriority.Highest };
        thread.Start();
    }

    /// <summary>Gets the process's deadline thread, started on first use.</summary>
    public static DeadlineThread Shared => LazyShared.Value;

    /// <summary>Gets whether the thread could raise its own priority (reported by <c>aide health --timing</c>).</summary>
    public bool PriorityRaised { get; private set; }

    public PreciseTimer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PreciseTimer(this, callback, state);
        Schedule(timer, dueTime, period);
        return timer;
    }

    public void Schedule(PreciseTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var now = LinuxClock.Now();
        lock (_gate)
        {
            timer.Version++;
            timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : (long)(period.TotalNanoseconds);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            var deadline = now + Math.Max(0, (long)dueTime.TotalNanoseconds);
            var wakes = !_queue.TryPeek(out _, out var earliest) || deadline < earliest;
            _queue.Enqueue((timer, timer.Version), deadline);
            if (wakes)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    public void Cancel(PreciseTimer timer)
    {
        lock (_gate)
        {
            timer.Version++;
        }
    }

    private void Run()
    {
        PriorityRaised = LinuxClock.TuneCurrentThread();
        var due = new List<PreciseTimer>();
        while (true)
        {
            var deadline = WaitForNext();
            var now = SleepUntil(deadline);
            if (now < 0)
            {
                continue; // an earlier timer arrived during the fine sleep
            }

            lock (_gate)
            {
                while (_queue.TryPeek(out var entry, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    if (entry.Version != entry.Timer.Version)
                    {
                        continue; // changed or disposed since it was queued
                    }

                    due.Add(entry.Timer);
                    if (entry.Timer.Period > 0)
                    {
                        var period = entry.Timer.Period;
                        var next = at + period;
                        if (next <= now)
                        {
                            next += ((now - next) / period + 1) * period; // missed ticks are skipped, the phase is kept
                        }

                        _queue.Enqueue(entry, next);
                    }
                }
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }

            due.Clear();
        }
    }

    /// <summary>Sleeps to just before the deadline (by the usual wake-up delay), then spins to it.</summary>
    /// <returns>The time it woke, at or after the deadline; -1 if an earlier timer arrived meanwhile.</returns>
    private long SleepUntil(long deadline)
    {
        var lead = Math.Min(MaxWakeLead, _wakeDelay + (_wakeDelay / 4) + 10_000);
        var target = deadline - lead;
        var now = LinuxClock.Now();
        while (target > now)
        {
            var step = Math.Min(target, now + FineChunk);
            LinuxClock.SleepUntil(step);
            now = LinuxClock.Now();
            if (step == target)
            {
                var delay = Math.Clamp(now - target, 0, 10 * MaxWakeLead); // a preempted wake-up must not swamp the average
                _wakeDelay += (delay - _wakeDelay) / 8;
            }
            else if (EarlierThan(deadline))
            {
                return -1;
            }
        }

        while (now < deadline)
        {
            Thread.SpinWait(20);
            now = LinuxClock.Now();
        }

        return now;
    }

    private bool EarlierThan(long deadline)
    {
        lock (_gate)
        {
            return _queue.TryPeek(out _, out var earliest) && earliest < deadline;
        }
    }

    /// <summary>Blocks on the monitor until the earliest live deadline is less than <see cref="CoarseMargin"/> away.</summary>
    private long WaitForNext()
    {
        lock (_gate)
        {
            while (true)
            {
                while (_queue.TryPeek(out var entry, out _) && entry.Version != entry.Timer.Version)
                {
                    _queue.Dequeue();
                }

                if (!_queue.TryPeek(out _, out var deadline))
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                var coarse = (deadline - LinuxClock.Now() - CoarseMargin) / 1_000_000;
                if (coarse <= 0)
                {
                    return deadline;
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(coarse));
            }
        }
    }
}
