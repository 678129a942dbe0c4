using System.Runtime.CompilerServices;
using Aide.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>
/// Right above a provider: a reply with no answer in it (no text, no tool call: an empty body, garbage with no events,
/// a stream of nothing but metadata) is an error (<see cref="ChatErrorKind.BadResponse"/>), never an empty success,
/// so it is retried or failed over like any bad reply and never reaches the cache or the history. A stream's leading
/// updates that carry no answer are held back until one does, so the check happens before the stream counts as
/// started (retries and failover act only until then).
/// </summary>
internal sealed class AnswerCheckingChatClient(IChatClient innerClient, ProviderSettings provider) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        return response.Messages.Any(m => m.Contents.Any(IsAnswer)) ? response : throw Empty();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatResponseUpdate>? held = [];
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (held is null)
            {
                yield return update;
                continue;
            }

            held.Add(update);
            if (update.Contents.Any(IsAnswer))
            {
                foreach (var first in held)
                {
                    yield return first;
                }

                held = null;
            }
        }

        if (held is not null)
        {
            throw Empty();
        }
    }

    private static bool IsAnswer(AIContent content) => content is TextContent { Text.Length: > 0 } or FunctionCallContent;

    private AideChatException Empty() => new($"{provider} sent no answer (an empty reply, or one with no text in it). Is the address an OpenAI-compatible /v1 endpoint, and does the model answer?")
    {
        Kind = ChatErrorKind.BadResponse,
        Provider = provider.ToString(),
    };
}
