using System.Globalization;
using Aide.Health.Scheduling;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Scheduling precision: an empty job on the health scheduler at a 20 ms period; how late each tick ran against its
/// deadline on a drift-free grid (the same measurement as <c>aide health --timing</c>, shorter).
/// </summary>
internal static class SchedulerCheck
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        using var recorder = new LatenessRecorder();
        using (new PeriodicJob("bench", Period, Period, _ => Task.CompletedTask, PreciseTimeProvider.Instance, recorder))
        {
            await Task.Delay(context.Options.SchedulerDuration, context.CancellationToken);
        }

        var s = recorder.Summarize();
        var samples = recorder.Samples();
        return new BenchCheck(
            "scheduler",
            "Scheduler lateness p50/p99/max",
            "7 ms error (target < 5 ms; the one failed check)",
            "p50 ≤ 0.1 ms, p99 ≤ 0.5 ms, max ≤ 2 ms",
            string.Create(CultureInfo.InvariantCulture, $"p50 {s.P50:0.000} ms, p99 {s.P99:0.000} ms, max {s.Max:0.000} ms"),
            s.P50 <= 0.1 && s.P99 <= 0.5 && s.Max <= 2,
            string.Create(CultureInfo.InvariantCulture, $"{s.Ticks} ticks, min {s.Min:0.000} ms, {s.Skipped} skipped"),
            [BenchChart.Histogram("Scheduler tick lateness (20 ms period)", "ms", samples)],
            PreciseTimeProvider.PriorityRaised ? null : "The scheduler thread could not raise its priority here (needs CAP_SYS_NICE or RLIMIT_RTPRIO); a busy machine shows in p99 and max.");
    }
}
