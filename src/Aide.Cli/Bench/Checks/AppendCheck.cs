using System.Diagnostics;
using System.Globalization;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Storage;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Durable append of one message, as a distribution (the target is a p99): each append is one transaction flushed to
/// the disk before it returns (synchronous=FULL), with the two entity mentions a chat turn typically has, back to back
/// in one conversation, as the conversation store does it for <c>aide ask</c>'s answers.
/// </summary>
/// <remarks>
/// The database is made in a hidden folder inside Aide's data folder and removed afterwards: the flush is the cost
/// being measured, so the figure must come from the disk the conversations live on, not from the temporary folder
/// (a RAM file system on many systems, where a flush costs nothing).
/// </remarks>
internal static class AppendCheck
{
    private const int WarmUpAppends = 100;

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var (folder, onDataDisk) = Folder(context);
        try
        {
            var samples = await MeasureAsync(Path.Combine(folder, "conversations.db"), context.Options.Appends, context.CancellationToken);
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

    private static async Task<double[]> MeasureAsync(string path, int count, CancellationToken cancellationToken)
    {
        await using var store = SqliteConversationStore.Open(path);
        var (conversation, _) = await store.GetOrCreateAsync("bench", "gpt-4o", cancellationToken);
        var entities = new[] { new DetectedEntity("url", "https://example.com"), new DetectedEntity("path", "src/app.cs") };
        var samples = new double[count];
        for (var i = -WarmUpAppends; i < count; i++)
        {
            var draft = new MessageDraft("assistant", $"Answer {i}: see https://example.com and src/app.cs, a few sentences long like a chat turn.", 24, entities);
            var started = Stopwatch.GetTimestamp();
            await store.AppendAsync(conversation.Id, draft, cancellationToken);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return samples;
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
