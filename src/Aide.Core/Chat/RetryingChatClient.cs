using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Aide.Chat;

/// <summary>
/// Retries transient provider failures (429, 5xx, a connection lost before any answer) with exponential
/// backoff and jitter, honouring Retry-After up to <see cref="Configuration.AideDefaults.MaxRetryAfter"/>.
/// A streamed answer is retried only until its first chunk: once text has reached the user, replaying it
/// would duplicate output.
/// </summary>
internal sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public RetryingChatClient(IChatClient innerClient, int retries, TimeSpan baseDelay, TimeSpan maxRetryAfter, TimeProvider timeProvider, ILogger logger, Events.IEventBus? bus = null)
        : base(innerClient)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is AideChatException { IsTransient: true } error
                    && (error.RetryAfter is null || error.RetryAfter <= maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is AideChatException { RetryAfter: { } after } ? after : (TimeSpan?)null),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is AideChatException error)
                    {
                        ChatLog.RetryingChatCall(logger, error.Provider, error.Kind, args.AttemptNumber + 1, args.RetryDelay);
                        bus?.Publish(new Events.ChatRetrying(error.Provider ?? "?", error.Kind.ToString(), error.StatusCode, args.AttemptNumber + 1, args.RetryDelay)
                        {
                            Timestamp = timeProvider.GetUtcNow(),
                            Source = "retry",
                            Severity = Events.EventSeverity.Warning,
                        });
                    }

                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Materialised once: a lazily evaluated sequence must send the same messages on every attempt.
        var list = messages as IList<ChatMessage> ?? [.. messages];
        return _pipeline.ExecuteAsync(ct => new ValueTask<ChatResponse>(base.GetResponseAsync(list, options, ct)), cancellationToken).AsTask();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var (updates, hasFirst) = await FirstChunk.OpenAsync(_pipeline, ct => base.GetStreamingResponseAsync(list, options, ct), cancellationToken);
        await foreach (var update in FirstChunk.RestAsync(updates, hasFirst))
        {
            yield return update;
        }
    }
}
