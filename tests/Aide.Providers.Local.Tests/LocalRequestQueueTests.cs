using Aide.Chat;

namespace Aide.Providers.Local.Tests;

/// <summary>A local model answers one request at a time; the queue in front of it is bounded and refuses beyond it at once.</summary>
public sealed class LocalRequestQueueTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_beyond_the_bound_are_refused_at_once_as_busy_with_a_retry_after()
    {
        using var queue = new LocalRequestQueue("tiny", maxQueued: 1);

        var answering = await queue.EnterAsync(Token);
        var waiting = queue.EnterAsync(Token).AsTask();
        var refused = await Assert.ThrowsAsync<AideChatException>(async () => await queue.EnterAsync(Token));

        Assert.False(waiting.IsCompleted);
        Assert.Equal(ChatErrorKind.Busy, refused.Kind);
        Assert.Equal("local=tiny", refused.Provider);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Contains("--queue", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.IsTransient); // Aide does not retry it itself: the caller is told when to come back

        answering.Dispose();
        using var next = await waiting; // the waiting request gets the model, oldest first
        using var waitsAgain = new CancellationTokenSource();
        var queued = queue.EnterAsync(waitsAgain.Token).AsTask();
        await waitsAgain.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        var another = queue.EnterAsync(Token).AsTask(); // the cancelled request gave its place back
        Assert.False(another.IsFaulted);
        next.Dispose();
        (await another).Dispose();
    }

    [Fact]
    public async Task With_no_queue_a_second_request_is_refused_while_the_first_is_answered()
    {
        using var queue = new LocalRequestQueue("tiny", maxQueued: 0);

        using (await queue.EnterAsync(Token))
        {
            var refused = await Assert.ThrowsAsync<AideChatException>(async () => await queue.EnterAsync(Token));
            Assert.Equal(ChatErrorKind.Busy, refused.Kind);
        }

        (await queue.EnterAsync(Token)).Dispose();
    }
}
