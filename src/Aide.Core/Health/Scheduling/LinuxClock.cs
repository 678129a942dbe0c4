using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Aide.Health.Scheduling;

/// <summary>
/// The fine monotonic clock and absolute-deadline sleep of Linux, which .NET does not expose: its timers run on
/// a coarse clock (4 ms steps here) and sleep relative to "now", so they fire up to ~6 ms off. Written by hand
/// because no maintained library wraps <c>clock_nanosleep(TIMER_ABSTIME)</c>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class LinuxClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Interrupted = 4; // EINTR
    private const int PrSetTimerSlack = 29;
    private const int PrioProcess = 0;
    private const int SchedFifo = 1;

    /// <summary>Nanoseconds on CLOCK_MONOTONIC.</summary>
    public static long Now()
    {
        _ = clock_gettime(ClockMonotonic, out var now);
        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    /// <summary>Sleeps until <paramref name="deadline"/> (CLOCK_MONOTONIC ns); returns at once if it has passed.</summary>
    public static void SleepUntil(long deadline)
    {
        var request = new Timespec { Seconds = deadline / 1_000_000_000L, Nanoseconds = deadline % 1_000_000_000L };
        while (clock_nanosleep(ClockMonotonic, TimerAbsolute, in request, IntPtr.Zero) == Interrupted)
        {
            // A signal woke us early; the deadline is absolute, so sleeping again cannot drift.
        }
    }

    /// <summary>
    /// Tunes the calling thread for punctual wake-ups: 1 ns timer slack instead of the default 50 µs, and, when
    /// allowed (CAP_SYS_NICE or an RLIMIT_RTPRIO), the lowest real-time priority (SCHED_FIFO 1), so ordinary busy
    /// threads cannot delay its wake-up; its spin is at most 200 µs per deadline, and the kernel's real-time throttle
    /// still bounds it. Failing that, a nice of −10; failing that, it keeps its priority.
    /// </summary>
    /// <returns>Whether the priority was raised.</returns>
    public static bool TuneCurrentThread()
    {
        _ = prctl(PrSetTimerSlack, 1, 0, 0, 0);
        var realTime = new SchedParam { Priority = 1 };
        return sched_setscheduler(0, SchedFifo, in realTime) == 0 || setpriority(PrioProcess, (uint)gettid(), -10) == 0;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out Timespec time);

    [LibraryImport("libc")]
    private static partial int clock_nanosleep(int clockId, int flags, in Timespec request, IntPtr remaining);

    [LibraryImport("libc")]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc")]
    private static partial int setpriority(int which, uint who, int priority);

    [LibraryImport("libc")]
    private static partial int sched_setscheduler(int pid, int policy, in SchedParam param);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
