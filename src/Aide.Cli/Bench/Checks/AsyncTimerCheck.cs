using System.Diagnostics;
using System.Globalization;
using Aide.Health.Scheduling;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Basic async timing: how much later than asked an <c>await Task.Delay(10 ms)</c> resumes, on Aide's precise clock
/// (what health checks use) and, for comparison, on .NET's timer queue.
/// </summary>
internal static class AsyncTimerCheck
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(10);

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var precise = await context.Sampler.RepeatAsync("ms", () => ErrorAsync(PreciseTimeProvider.Instance, context.CancellationToken), minimum: context.Options.MinimumSamples * 2);
        var system = await context.Sampler.RepeatAsync("ms", () => ErrorAsync(TimeProvider.System, context.CancellationToken), minimum: context.Options.MinimumSamples * 2);
        return new BenchCheck(
            "async-timer",
            "Async timer error",
            "0.2 ms error",
            "median error of a 10 ms await ≤ 0.2 ms",
            string.Create(CultureInfo.InvariantCulture, $"median {precise.Median:0.000} ms, max {precise.Max:0.000} ms (.NET timer queue: median {system.Median:0.000} ms)"),
            precise.Median <= 0.2,
            Spread.Of(precise),
            [BenchChart.Histogram("Async delay error (10 ms await, precise clock)", "ms", precise.Samples), BenchChart.Histogram("Async delay error (10 ms await, .NET timer queue)", "ms", system.Samples)],
            PreciseTimeProvider.IsPrecise ? null : "No precise clock on this OS: both rows use .NET's timer queue.");
    }

    private static async Task<double> ErrorAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(Delay, time, cancellationToken);
        return (Stopwatch.GetElapsedTime(started) - Delay).TotalMilliseconds;
    }
}
