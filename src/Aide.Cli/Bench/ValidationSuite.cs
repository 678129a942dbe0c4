using Aide.Cli.Bench.Checks;

namespace Aide.Cli.Bench;

/// <summary>
/// The validation checks of <c>aide bench</c>, in the order they run: the design report's ten checks adapted, plus
/// durable append latency, cache hit latency, a cached <c>aide ask</c> against <c>aide --version</c> and the
/// pipeline's own cost per turn. Timing-sensitive checks run before the one that loads the local model runtime into
/// this process.
/// </summary>
internal static class ValidationSuite
{
    /// <summary>Check ids in run order, with the rows each produces (lazy loading gives two).</summary>
    public static IReadOnlyList<(string Id, string[] Rows, Func<BenchContext, Task<BenchCheck[]>> Run)> Checks { get; } =
    [
        ("events", ["events"], async c => [await EventCoverageCheck.RunAsync(c)]),
        ("event-publish", ["event-publish"], async c => [await EventPublishCheck.RunAsync(c)]),
        ("startup", ["startup"], async c => [await StartupCheck.RunAsync(c)]),
        ("compression", ["compression"], async c => [await CompressionCheck.RunAsync(c)]),
        ("serialization", ["serialization"], async c => [await SerializationCheck.RunAsync(c)]),
        ("append", ["append"], async c => [await AppendCheck.RunAsync(c)]),
        ("async-timer", ["async-timer"], async c => [await AsyncTimerCheck.RunAsync(c)]),
        ("scheduler", ["scheduler"], async c => [await SchedulerCheck.RunAsync(c)]),
        ("cache-hit", ["cache-hit"], async c => [await CacheHitCheck.RunAsync(c)]),
        ("cached-ask", ["cached-ask"], async c => [await CachedAskCheck.RunAsync(c)]),
        ("pipeline", ["pipeline"], async c => [await PipelineOverheadCheck.RunAsync(c)]),
        ("lazy-loading", ["lazy-loading", "availability"], LazyLoadingCheck.RunAsync),
        ("gateway", ["gateway-overhead", "gateway-throughput", "gateway-cached", "gateway-memory"], GatewayCheck.RunAsync),
    ];

    /// <summary>Runs the checks whose id (or a row's id) is in <paramref name="only"/> (all when empty); a check that throws becomes a failed row saying why.</summary>
    public static async Task<List<BenchCheck>> RunAsync(BenchContext context, IReadOnlyCollection<string> only, Action<string, TimeSpan> progress)
    {
        var results = new List<BenchCheck>();
        foreach (var (id, rows, run) in Checks)
        {
            if (only.Count > 0 && !only.Contains(id) && !rows.Any(only.Contains))
            {
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                results.AddRange((await run(context)).Where(r => only.Count == 0 || only.Contains(id) || only.Contains(r.Id)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results.AddRange(rows.Where(r => only.Count == 0 || only.Contains(id) || only.Contains(r)).Select(r => new BenchCheck(r, r, "", "", "error: " + e.Message, false, "–", [])));
            }

            progress(id, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return results;
    }
}
