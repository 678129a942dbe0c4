using System.Globalization;
using Aide.Benchmarking;
using Aide.Cli.Configuration;
using Aide.Storage;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Durable append of one message, as a distribution (the target is a p99): each append is one transaction flushed to
/// the disk before it returns (synchronous=FULL), as the conversation store does it for <c>aide ask</c>'s answers
/// (<see cref="AppendRun"/>).
/// </summary>
/// <remarks>
/// The database is made in a hidden folder inside Aide's data folder and removed afterwards: the flush is the cost
/// being measured, so the figure must come from the disk the conversations live on, not from the temporary folder
/// (a RAM file system on many systems, where a flush costs nothing).
/// </remarks>
internal static class AppendCheck
{
    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var (folder, onDataDisk) = Folder(context);
        try
        {
            var samples = await AppendRun.MeasureAsync(Path.Combine(folder, "conversations.db"), context.Options.Appends, durable: true, context.CancellationToken);
            var measured = Measurement.Of("ms", samples, stable: true);
            var sorted = samples.Order().ToArray();
            var p99 = Measurement.Percentile(sorted, 0.99);
            return new BenchCheck(
                "append",
                "Durable append of one message",
                "– (not measured; the original stored its context loosely, without a durable write per message)",
                "p99 ≤ 2 ms",
                string.Create(CultureInfo.InvariantCulture, $"p99 {p99:0.00} ms (p50 {measured.Median:0.00} ms, p90 {Measurement.Percentile(sorted, 0.9):0.00} ms, max {sorted[^1]:0.0} ms; {samples.Length:N0} appends)"),
                p99 <= 2,
                Spread.Of(measured),
                [BenchChart.Histogram("Durable append, one message (synchronous=FULL)", "ms", samples)],
                onDataDisk ? "Flushed to the disk of Aide's data folder; the tail follows that disk's flush latency." : "Aide's data folder could not be used, so this ran in the temporary folder, which may not be a real disk.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (string Folder, bool OnDataDisk) Folder(BenchContext context)
    {
        try
        {
            var folder = Path.Combine(AidePaths.Resolve().DataDirectory, ".bench-append-" + Guid.NewGuid().ToString("N")[..12]);
            PrivateDirectory.Create(folder);
            return (folder, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (context.NewFolder("append"), false);
        }
    }
}
