namespace Aide.Health.Scheduling;

/// <summary>
/// Runs work on a fixed grid of absolute deadlines (start + n × period) taken from a <see cref="TimeProvider"/>:
/// no sleep-after-work, so no drift, and no polling. Each tick records its lateness. A tick that finds the previous
/// run still going is skipped (counted), never stacked; a tick missed entirely (process paused) is skipped too, and
/// the grid keeps its phase. Work runs on the thread pool, so the timer thread only records and hands off, without
/// allocating (fewer collections to pause the timer thread).
/// </summary>
public sealed class PeriodicJob : IDisposable, IThreadPoolWorkItem
{
    private readonly string _name;
    private readonly long _periodTicks;
    private readonly Func<CancellationToken, Task> _work;
    private readonly TimeProvider _time;
    private readonly LatenessRecorder _recorder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private readonly long _start;
    private long _tick;
    private int _running;

    /// <summary>Starts the job: its first run is due after <paramref name="firstDelay"/>, then every <paramref name="period"/>.</summary>
    /// <param name="name">The job's name, in lateness records.</param>
    /// <param name="period">The grid's spacing.</param>
    /// <param name="firstDelay">When the first run is due.</param>
    /// <param name="work">The run; its token is cancelled when the job is disposed.</param>
    /// <param name="time">The clock (<see cref="PreciseTimeProvider"/> for sub-millisecond deadlines).</param>
    /// <param name="recorder">Where each tick's lateness goes.</param>
    public PeriodicJob(string name, TimeSpan period, TimeSpan firstDelay, Func<CancellationToken, Task> work, TimeProvider time, LatenessRecorder recorder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _name = name;
        _work = work;
        _time = time;
        _recorder = recorder;
        _periodTicks = (long)(period.TotalSeconds * time.TimestampFrequency);
        _start = time.GetTimestamp() + (long)(firstDelay.TotalSeconds * time.TimestampFrequency);
        PrepareTick();
        _timer = time.CreateTimer(static s => ((PeriodicJob)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm(_time.GetTimestamp());
    }

    /// <summary>Gets whether a run is in progress.</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>Stops the grid and cancels a run in progress.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _timer.Dispose(); // the token source is not disposed: a run still going may read its token
    }

    /// <summary>Compiles the tick path ahead of the first deadline, whose lateness would otherwise include the JIT.</summary>
    /// <remarks>Native AOT has compiled everything already (and trimmed the reflection this needs), so there it does nothing.</remarks>
    private static void PrepareTick()
    {
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)
        {
            return;
        }

        const System.Reflection.BindingFlags Flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
        Prepare(typeof(PeriodicJob).GetMethod(nameof(OnTick), Flags));
        Prepare(typeof(PeriodicJob).GetMethod(nameof(Arm), Flags));
        Prepare(typeof(PeriodicJob).GetMethod(nameof(Deadline), Flags));

        static void Prepare(System.Reflection.MethodInfo? method)
        {
            if (method is not null)
            {
                System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }

    private long Deadline(long tick) => _start + (tick * _periodTicks);

    private void OnTick()
    {
        var now = _time.GetTimestamp();
        var tick = Interlocked.Read(ref _tick);
        _recorder.Record(_name, _time.GetElapsedTime(Deadline(tick), now));
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false); // the job is its own work item: a tick allocates nothing
        }
        else
        {
            _recorder.RecordSkip(_name);
        }

        // The next deadline on the grid that is still ahead.
        tick++;
        while (Deadline(tick) <= now)
        {
            tick++;
        }

        Interlocked.Exchange(ref _tick, tick);
        Arm(_time.GetTimestamp());
    }

    private void Arm(long now)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var due = Deadline(Interlocked.Read(ref _tick)) - now;
        try
        {
            _timer.Change(TimeSpan.FromSeconds(Math.Max(0, due) / (double)_time.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped between the check and the change.
        }
    }

    /// <summary>Runs on the thread pool when a tick hands the work off (at most one at a time).</summary>
    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        try
        {
            await _work(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping (this job's token, or the owner's that the work also watches): the run is over either way.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
