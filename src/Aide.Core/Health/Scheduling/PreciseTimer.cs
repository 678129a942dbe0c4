namespace Aide.Health.Scheduling;

/// <summary>A timer of the <see cref="DeadlineThread"/>: fires at absolute deadlines; a periodic one keeps its phase (no drift) and skips ticks it missed.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PreciseTimer(DeadlineThread thread, TimerCallback callback, object? state) : ITimer
{
    /// <summary>Gets the generation; a queue entry with an older one is stale (the timer was changed or disposed).</summary>
    public int Version { get; set; }

    /// <summary>Gets the period in nanoseconds, 0 for a one-shot timer.</summary>
    public long Period { get; set; }

    public bool IsDisposed { get; private set; }

    public void Fire() => callback(state);

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (IsDisposed)
        {
            return false;
        }

        thread.Schedule(this, dueTime, period);
        return true;
    }

    public void Dispose()
    {
        IsDisposed = true;
        thread.Cancel(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
