
namespace Aide.Cli.Bench;

/// <summary>
/// The system clock plus an offset the event coverage scenario moves forward, so expiry and trends happen in
/// milliseconds. (Microsoft's FakeTimeProvider does this too, but it is a test package and stops timers; here
/// timers keep running on the real clock.)
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        base.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
