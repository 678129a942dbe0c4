using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Output;
using Aide.Health.Scheduling;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide health --timing</c>: runs an empty check on the health scheduler at a fixed period and reports how late its
/// ticks ran (percentiles, max, cumulative drift) and what the scheduling cost in CPU. <c>--clock system</c> runs the
/// same on .NET's timer queue for comparison.
/// </summary>
internal static class HealthTiming
{
    public static async Task<int> RunAsync(CliConsole console, TimeSpan period, TimeSpan duration, bool systemClock, bool json, CancellationToken cancellationToken)
    {
        var time = systemClock ? TimeProvider.System : PreciseTimeProvider.Instance;
        using var recorder = new LatenessRecorder();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var collections = GC.CollectionCount(0);
        var started = Stopwatch.GetTimestamp();
        using (new PeriodicJob("timing", period, period, _ => Task.CompletedTask, time, recorder))
        {
            if (!json)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Timing a {period.TotalMilliseconds:0.###} ms check for {duration.TotalSeconds:0.#} s on the {(systemClock ? ".NET timer queue" : PreciseTimeProvider.IsPrecise ? "precise deadline thread" : ".NET timer queue (no precise clock on this OS)")}…"));
            }

            try
            {
                await Task.Delay(duration, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: report what was measured so far.
            }
        }

        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var s = recorder.Summarize();
        collections = GC.CollectionCount(0) - collections;

        // Cumulative drift: where the last tick ran against where a drift-free grid puts it (its lateness). Sleeping
        // after work would add each tick's lateness to the next; deadlines on a grid keep this at one tick's lateness.
        var drift = s.Last;
        var result = new HealthTimingJson(
            systemClock ? "system" : PreciseTimeProvider.IsPrecise ? "precise" : "system",
            PreciseTimeProvider.PriorityRaised, period.TotalMilliseconds, wall.TotalSeconds, s.Ticks, s.Skipped,
            Round(s.P50), Round(s.P90), Round(s.P99), Round(s.P999), Round(s.Max), Round(s.Min), Round(s.Mean), Round(drift),
            Math.Round(100 * cpu.TotalSeconds / wall.TotalSeconds, 3),
            collections);
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(result, CliJsonContext.Readable.HealthTimingJson));
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumn("tick lateness").AddColumn(new TableColumn("ms").RightAligned());
        table.AddRow("p50", Ms(s.P50));
        table.AddRow("p90", Ms(s.P90));
        table.AddRow("p99", Ms(s.P99));
        table.AddRow("p99.9", Ms(s.P999));
        table.AddRow("max", Ms(s.Max));
        table.AddRow("min", Ms(s.Min));
        table.AddRow("mean", Ms(s.Mean));
        table.AddRow("cumulative drift", Ms(drift));
        console.AnsiOut.Write(table);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Ticks:N0} ticks, {s.Skipped:N0} skipped, {collections} garbage collections, clock {result.Clock}, CPU {result.CpuPercent:0.###} % of one core over {wall.TotalSeconds:0.#} s."));
        return ExitCodes.Ok;
    }

    private static double Round(double ms) => Math.Round(ms, 4);

    private static string Ms(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
}
