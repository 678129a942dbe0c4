using System.Diagnostics;
using System.Runtime.CompilerServices;
using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>
/// Publishes <see cref="ChatRequestStarted"/>, then <see cref="ChatResponseCompleted"/> or <see cref="ChatRequestFailed"/>,
/// for every call. Outermost in the pipeline, so it reports the outcome after retries. Events carry counts, timings
/// and the provider's name, never message text or keys.
/// </summary>
internal sealed class EventPublishingChatClient(IChatClient innerClient, IEventBus bus, string provider, string? defaultModel, TimeProvider timeProvider)
    : DelegatingChatClient(innerClient)
{
    private const string Source = "chat";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var turn = Start(list, options, streaming: false);
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            Complete(turn, ProviderStamp.AnsweredBy(response.AdditionalProperties), response.ModelId, response.Usage, firstToken: null, ResponseCacheMarker.IsFromCache(response.AdditionalProperties));
            return response;
        }
        catch (Exception ex)
        {
            Fail(turn, ex);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var turn = Start(list, options, streaming: true);
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex)
        {
            Fail(turn, ex);
            throw;
        }

        TimeSpan? firstToken = null;
        string? model = null;
        string? answeredBy = null;
        UsageDetails? usage = null;
        var fromCache = false;
        await using (updates)
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    Fail(turn, ex);
                    throw;
                }

                var update = updates.Current;
                model ??= update.ModelId;
                answeredBy ??= ProviderStamp.AnsweredBy(update.AdditionalProperties);
                fromCache |= ResponseCacheMarker.IsFromCache(update.AdditionalProperties);
                if (firstToken is null && update.Text.Length > 0)
                {
                    firstToken = timeProvider.GetElapsedTime(turn.Started);
                }

                foreach (var content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        (usage ??= new UsageDetails()).Add(u.Details);
                    }
                }

                yield return update;
            }
        }

        Complete(turn, answeredBy, model, usage, firstToken, fromCache);
    }

    private Turn Start(IList<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        var turn = new Turn(
            ChatTurnScope.CorrelationId ?? Activity.Current?.TraceId.ToHexString() ?? RandomIds.NewHex(),
            ChatTurnScope.SessionId ?? options?.ConversationId,
            options?.ModelId ?? defaultModel,
            timeProvider.GetTimestamp());
        bus.Publish(new ChatRequestStarted(provider, turn.Model, messages.Count, streaming)
        {
            Timestamp = timeProvider.GetUtcNow(),
            Source = Source,
            SessionId = turn.SessionId,
            CorrelationId = turn.CorrelationId,
        });
        return turn;
    }

    /// <summary>Reports the provider that answered (after a failover, not the first of the list).</summary>
    private void Complete(Turn turn, string? answeredBy, string? model, UsageDetails? usage, TimeSpan? firstToken, bool fromCache) =>
        bus.Publish(new ChatResponseCompleted(answeredBy ?? provider, model ?? turn.Model, usage?.InputTokenCount, usage?.OutputTokenCount, timeProvider.GetElapsedTime(turn.Started), firstToken, fromCache)
        {
            Timestamp = timeProvider.GetUtcNow(),
            Source = Source,
            SessionId = turn.SessionId,
            CorrelationId = turn.CorrelationId,
        });

    private void Fail(Turn turn, Exception exception)
    {
        var (kind, status, severity) = exception switch
        {
            AideChatException chat => (chat.Kind.ToString(), chat.StatusCode, EventSeverity.Error),
            OperationCanceledException => ("Cancelled", (int?)null, EventSeverity.Info),
            _ => (exception.GetType().Name, null, EventSeverity.Error),
        };
        var message = exception is AideChatException or OperationCanceledException ? exception.Message : "Unexpected failure.";
        bus.Publish(new ChatRequestFailed(FailedProvider(exception), turn.Model, kind, status, message, timeProvider.GetElapsedTime(turn.Started))
        {
            Timestamp = timeProvider.GetUtcNow(),
            Source = Source,
            SessionId = turn.SessionId,
            CorrelationId = turn.CorrelationId,
            Severity = severity,
        });
    }

    /// <summary>The provider that failed last (after failover, not necessarily the first of the list), by its event name.</summary>
    private string FailedProvider(Exception exception) =>
        exception is AideChatException { Provider: { } failed }
        && InnerClient.GetService<ProviderRoster>()?.Providers.FirstOrDefault(p => p.ToString() == failed || p.Name == failed) is { } settings
            ? settings.Name
            : provider;

    private readonly record struct Turn(string CorrelationId, string? SessionId, string? Model, long Started);
}
