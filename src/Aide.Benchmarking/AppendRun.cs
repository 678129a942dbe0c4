using System.Diagnostics;
using Aide.Conversations;
using Aide.Conversations.Store;

namespace Aide.Benchmarking;

/// <summary>
/// Durable appends timed one by one: back to back in one conversation, each one committed transaction with the two
/// entity mentions a chat turn typically has. Shared by <c>aide bench</c>'s append check and the benchmarks'
/// <c>append-latency</c>, so both figures measure the same appends.
/// </summary>
public static class AppendRun
{
    private const int WarmUpAppends = 100;

    /// <summary>Appends <paramref name="count"/> messages (after a warm-up) to a new store at <paramref name="path"/>.</summary>
    /// <param name="path">The database file to create.</param>
    /// <param name="count">Appends to time.</param>
    /// <param name="durable">Flush each commit to the disk (synchronous=FULL, as Aide does), or not (NORMAL).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Each append's latency in milliseconds, in the order made.</returns>
    public static async Task<double[]> MeasureAsync(string path, int count, bool durable, CancellationToken cancellationToken)
    {
        await using var store = SqliteConversationStore.Open(path, new SqliteConversationStoreOptions { SyncEveryCommit = durable });
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
}
