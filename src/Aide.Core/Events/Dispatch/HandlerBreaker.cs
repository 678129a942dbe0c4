namespace Aide.Events.Dispatch;

/// <summary>
/// A per-handler circuit breaker: after a run of consecutive failures the handler is skipped until the break
/// duration passes, then one event is let through; success closes it, failure opens it again.
/// The closed path reads one field, so a healthy handler pays nothing.
/// </summary>
internal sealed class HandlerBreaker(int threshold, TimeSpan breakDuration, TimeProvider timeProvider)
{
    private int _failures;
    private long _openUntil;

    public bool AllowCall()
    {
        var openUntil = Volatile.Read(ref _openUntil);
        return openUntil == 0 || timeProvider.GetTimestamp() >= openUntil;
    }

    public void OnSuccess()
    {
        if (_failures != 0)
        {
            Volatile.Write(ref _failures, 0);
            Volatile.Write(ref _openUntil, 0);
        }
    }

    /// <summary>Counts a failure; returns <see langword="true"/> when this failure suspends the handler.</summary>
    public bool OnFailure()
    {
        if (Interlocked.Increment(ref _failures) < threshold)
        {
            return false;
        }

        var ticks = (long)(breakDuration.TotalSeconds * timeProvider.TimestampFrequency);
        Volatile.Write(ref _openUntil, timeProvider.GetTimestamp() + Math.Max(ticks, 1));
        return true;
    }
}
