using Polly;

namespace Aide.Chat;

/// <summary>
/// Opens a stream inside a resilience pipeline up to its first chunk. Retries, breakers and failover act only
/// until then: once text has reached the user, replaying or switching providers would duplicate output.
/// </summary>
internal static class FirstChunk
{
    /// <summary>Starts the stream and reads its first update inside <paramref name="pipeline"/>.</summary>
    /// <returns>The open enumerator, and whether it has a first update (its <c>Current</c>).</returns>
    public static ValueTask<(IAsyncEnumerator<T> Updates, bool HasFirst)> OpenAsync<T>(
        ResiliencePipeline pipeline, Func<CancellationToken, IAsyncEnumerable<T>> start, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(ct => OpenAsync(start, ct), cancellationToken);

    /// <summary>Starts the stream and reads its first update; the enumerator is disposed if that fails.</summary>
    public static async ValueTask<(IAsyncEnumerator<T> Updates, bool HasFirst)> OpenAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> start, CancellationToken cancellationToken)
    {
        var updates = start(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return (updates, await updates.MoveNextAsync());
        }
        catch
        {
            await updates.DisposeAsync();
            throw;
        }
    }

    /// <summary>Yields the already read first update (if any) and the rest of the stream, then disposes it.</summary>
    public static async IAsyncEnumerable<T> RestAsync<T>(IAsyncEnumerator<T> updates, bool hasFirst)
    {
        await using (updates)
        {
            if (!hasFirst)
            {
                yield break;
            }

            yield return updates.Current;
            while (await updates.MoveNextAsync())
            {
                yield return updates.Current;
            }
        }
    }
}
