namespace Aide.Health.Scheduling;

/// <summary>
/// A <see cref="TimeProvider"/> whose timers fire within tens of microseconds of their deadlines. On Linux they run on
/// one dedicated thread that sleeps to absolute deadlines on the fine monotonic clock (see the health docs for the
/// measured lateness); elsewhere this is <see cref="TimeProvider.System"/>. Code that schedules through a
/// <see cref="TimeProvider"/> gets precision in production and stays testable with <c>FakeTimeProvider</c>.
/// </summary>
public sealed class PreciseTimeProvider : TimeProvider
{
    private PreciseTimeProvider()
    {
    }

    /// <summary>Gets the provider.</summary>
    public static PreciseTimeProvider Instance { get; } = new();

    /// <summary>Gets whether timers use the precise deadline thread (Linux) rather than .NET's timer queue.</summary>
    public static bool IsPrecise => OperatingSystem.IsLinux();

    /// <summary>Gets whether the deadline thread runs at raised priority (it needs CAP_SYS_NICE; precise either way).</summary>
    public static bool PriorityRaised => OperatingSystem.IsLinux() && DeadlineThread.Shared.PriorityRaised;

    /// <inheritdoc />
    public override long TimestampFrequency => OperatingSystem.IsLinux() ? 1_000_000_000L : base.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => OperatingSystem.IsLinux() ? LinuxClock.Now() : base.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return OperatingSystem.IsLinux()
            ? DeadlineThread.Shared.Create(callback, state, dueTime, period)
            : base.CreateTimer(callback, state, dueTime, period);
    }
}
