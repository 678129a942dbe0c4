using System.Text;
using Aide.Caching;
using Aide.Resilience;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>Runs one chat turn as a stream, writing text to the output as it arrives and measuring it.</summary>
internal static class TurnStreamer
{
    public static async Task<TurnResult> StreamAsync(
        IChatClient client, IList<ChatMessage> messages, TextWriter? output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        TimeSpan? firstToken = null;
        var updates = new List<ChatResponseUpdate>();
        var fromCache = false;
        string? answeredBy = null;
        var text = new StringBuilder();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
            {
                updates.Add(update);
                fromCache |= ResponseCachingChatClient.IsFromCache(update.AdditionalProperties);
                answeredBy ??= ProviderFailoverChatClient.AnsweredBy(update.AdditionalProperties);
                var chunk = update.Text;
                if (chunk.Length == 0)
                {
                    continue;
                }

                firstToken ??= timeProvider.GetElapsedTime(started);
                text.Append(chunk);
                if (output is not null)
                {
                    await output.WriteAsync(chunk);
                    await output.FlushAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            // End the line even when the stream broke, so an error message starts on a line of its own.
            if (output is not null && text.Length > 0 && text[^1] != '\n')
            {
                await output.WriteLineAsync();
            }
        }

        var latency = timeProvider.GetElapsedTime(started);
        var response = updates.ToChatResponse();

        return new TurnResult(text.ToString(), response.ModelId, response.Usage, latency, firstToken, response.FinishReason, fromCache, answeredBy);
    }
}
