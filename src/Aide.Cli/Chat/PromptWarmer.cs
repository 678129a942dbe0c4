using System.Text;
using Aide.Turns;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// Fills the cache by asking each prompt the way <c>aide ask</c> would (the same messages, from <c>requestFor</c>, streamed through the same turn runner and pipeline), at most
/// <c>parallelism</c> at a time. A prompt already cached costs nothing; a failed one is counted and the rest go on.
/// </summary>
internal static class PromptWarmer
{
    public sealed record Result(int Warmed, int AlreadyCached, int Failed, long Bytes, string? FirstError);

    public static async Task<Result> WarmAsync(
        IChatClient client, IReadOnlyList<string> prompts, Func<string, CancellationToken, Task<ChatTurnRequest>> requestFor, int parallelism, Action<int> progressed, CancellationToken cancellationToken)
    {
        int warmed = 0, cached = 0, failed = 0, done = 0;
        long bytes = 0;
        string? firstError = null;
        var runner = new ChatTurnRunner(client);
        await Parallel.ForEachAsync(
            prompts,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (prompt, ct) =>
            {
                try
                {
                    var answer = await runner.RunAsync(await requestFor(prompt, ct), ct);
                    if (answer.FromCache)
                    {
                        Interlocked.Increment(ref cached);
                    }
                    else
                    {
                        Interlocked.Increment(ref warmed);
                        Interlocked.Add(ref bytes, Encoding.UTF8.GetByteCount(answer.Text));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }

                progressed(Interlocked.Increment(ref done));
            });
        return new Result(warmed, cached, failed, bytes, firstError);
    }

    /// <summary>Reads prompts: one per line; blank lines and lines starting with # are skipped.</summary>
    public static List<string> ReadPrompts(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
}
