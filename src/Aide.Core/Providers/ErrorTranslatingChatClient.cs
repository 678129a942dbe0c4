using System.Runtime.CompilerServices;
using Aide.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>
/// Sits right above a provider and turns its SDK's exceptions into <see cref="AideChatException"/>s,
/// so every decorator above (timeout, retry, failover) and every caller sees one error vocabulary.
/// </summary>
internal sealed class ErrorTranslatingChatClient(IChatClient innerClient, ProviderSettings provider) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (Translates(ex, cancellationToken))
        {
            throw Translate(ex, answerStarted: false);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (Translates(ex, cancellationToken))
        {
            throw Translate(ex, answerStarted: false);
        }

        var started = false;
        try
        {
            while (true)
            {
                // C# forbids yield inside a try with a catch, so the move happens here and the yield below.
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (Translates(ex, cancellationToken))
                {
                    throw Translate(ex, started);
                }

                started = true;
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    /// <summary>The caller's own cancellation passes through untouched; everything else is translated.</summary>
    internal static bool Translates(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>An SDK's exception in Aide's vocabulary (chat and embeddings alike); an <see cref="AideChatException"/> stays as it is.</summary>
    internal static AideChatException Translate(Exception exception, ProviderSettings provider, bool answerStarted) =>
        exception is OperationCanceledException
            ? new AideChatException($"{provider} stopped answering (the HTTP client timed out).", exception) { Kind = ChatErrorKind.Timeout, Provider = provider.ToString() }
            : ChatErrorClassifier.Classify(exception, provider, answerStarted);

    private AideChatException Translate(Exception exception, bool answerStarted) => Translate(exception, provider, answerStarted);
}
