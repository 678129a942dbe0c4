using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>
/// Fails a call whose provider does not start answering within the timeout, or goes silent for that long
/// between streamed chunks. An inactivity limit rather than a total one, so a long answer that keeps
/// flowing is never cut off, while a hung server is detected as fast as a short request would be.
/// </summary>
internal sealed class TimeoutChatClient(IChatClient innerClient, TimeSpan timeout, TimeProvider timeProvider, string provider)
    : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token);
        }
        catch (Exception ex) when (TimedOut(ex, timer, cancellationToken))
        {
            throw TimeoutError(ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (TimedOut(ex, timer, cancellationToken))
                {
                    throw TimeoutError(ex);
                }

                timer.CancelAfter(timeout);
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    /// <summary>Our timer fired and the caller did not cancel: whatever the provider threw is a timeout.</summary>
    private static bool TimedOut(Exception exception, CancellationTokenSource timer, CancellationToken cancellationToken) =>
        timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested
        && exception is OperationCanceledException or AideChatException { Kind: ChatErrorKind.Timeout or ChatErrorKind.ConnectionLost };

    private AideChatException TimeoutError(Exception inner) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{provider} did not answer within {timeout.TotalSeconds:0.###} s. Raise the limit with --timeout or AIDE_TIMEOUT if the model is just slow."), inner)
        {
            Kind = ChatErrorKind.Timeout,
            Provider = provider,
        };
}
