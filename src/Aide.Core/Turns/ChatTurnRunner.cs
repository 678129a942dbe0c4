using System.Text;
using Aide.Chat;
using Aide.Conversations;
using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>
/// Runs whole chat turns over Aide's pipeline: records the question, builds the window, streams the answer, gives a
/// model that refuses the window as too long the turn again with a smaller one, and saves the answer (or takes the
/// question back when the turn fails or is cancelled). The CLI's <c>ask</c> and <c>chat</c> and the server host it;
/// the facts of the answer (provider, cache, usage, timings) come back as typed properties of <see cref="ChatTurnResult"/>.
/// </summary>
/// <remarks>
/// Thread-safe: turns may run concurrently on one runner. A <see cref="ConversationSession"/> or
/// <see cref="ChatMessageHistory"/> takes one turn at a time; concurrent turns on one saved conversation open a session each.
/// </remarks>
public sealed class ChatTurnRunner
{
    /// <summary>Refits per turn at most: each shrinks the window by the model's own count, so a second is rare.</summary>
    public const int MaxRefits = 2;

    private readonly IChatClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ProviderRoster? _roster;

    /// <summary>Creates a runner over a chat pipeline (<see cref="Pipeline.AideChatClientFactory"/>, or any <see cref="IChatClient"/>).</summary>
    /// <param name="client">The pipeline; the runner does not dispose it.</param>
    /// <param name="timeProvider">The clock for latencies; the system's by default.</param>
    public ChatTurnRunner(IChatClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _roster = client.GetService<ProviderRoster>();
    }

    /// <summary>
    /// Gets the meter that prices each answer, keeps its usage record and holds callers to their budgets (a turn whose
    /// budget is spent is refused with <see cref="Usage.BudgetExceededException"/> before anything is saved or sent);
    /// <see langword="null"/> measures nothing.
    /// </summary>
    public Usage.UsageMeter? Meter { get; init; }

    /// <summary>Runs a turn without history: the request's messages, or its system prompt and question, are sent as they are.</summary>
    /// <param name="request">The turn.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The answer and its facts.</returns>
    public Task<ChatTurnResult> RunAsync(ChatTurnRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, StatelessTurn.Instance, cancellationToken);

    /// <summary>Runs a turn on a saved conversation: the question is saved, the answer saved against it; a failed turn leaves the conversation as it was.</summary>
    /// <param name="request">The turn (its <see cref="ChatTurnRequest.Question"/> is required).</param>
    /// <param name="session">The conversation.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The answer and its facts.</returns>
    public Task<ChatTurnResult> RunAsync(ChatTurnRequest request, ConversationSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return RunAsync(request, new SavedConversationTurn(session), cancellationToken);
    }

    /// <summary>Runs a turn on a conversation kept in memory.</summary>
    /// <param name="request">The turn (its <see cref="ChatTurnRequest.Question"/> is required).</param>
    /// <param name="history">The conversation.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The answer and its facts.</returns>
    public Task<ChatTurnResult> RunAsync(ChatTurnRequest request, ChatMessageHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        return RunAsync(request, new InMemoryTurn(history), cancellationToken);
    }

    private async Task<ChatTurnResult> RunAsync(ChatTurnRequest request, ITurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Every event of the turn (chat, cache, context) carries its conversation and one correlation id.
        using var scope = ChatTurnScope.CorrelationId is null ? ChatTurnScope.Begin(context.SessionName) : null;
        ChatTurnScope.SetSession(context.SessionName ?? ChatTurnScope.SessionId);
        if (Meter is { } meter)
        {
            await meter.CheckBudgetAsync(ChatTurnScope.CallerId, cancellationToken);
        }

        var prepared = await context.BeginAsync(request, _client, cancellationToken);
        ChatTurnScope.SetSession(context.SessionName ?? ChatTurnScope.SessionId);
        var answer = new AnswerStream(_timeProvider);
        try
        {
            request.OnPrepared?.Invoke(prepared);
            for (var refits = 0; ; refits++)
            {
                try
                {
                    await answer.ReadAsync(_client, prepared.Messages, request, cancellationToken);
                    break;
                }
                catch (Exception ex) when (refits < MaxRefits && !answer.Started && TooLong(ex) is not null)
                {
                    var (promptTokens, contextTokens) = TooLong(ex)!.Value;
                    var smaller = await context.RefitAsync(promptTokens, contextTokens, request, cancellationToken);
                    if (smaller is null)
                    {
                        throw;
                    }

                    prepared = smaller;
                }
            }

            if (answer.Text.Length == 0 && answer.FinishReason == ChatFinishReason.ToolCalls && request.Options?.Tools?.Any(t => Tools.ToolGuard.InfoOf(t) is not null) == true)
            {
                // The loop's last round offers no tools; a model that asks for one anyway has given no answer.
                throw new AideChatException("The model kept asking for tools until the round limit (maxToolRounds) and gave no answer; raise maxToolRounds, or ask so that fewer tool calls are needed.")
                {
                    Kind = ChatErrorKind.BadResponse,
                    Provider = answer.AnsweredBy,
                };
            }
        }
        catch (Exception ex)
        {
            await FailAsync(context, answer, prepared, ex, cancellationToken);
            throw;
        }

        request.OnAnswered?.Invoke();
        var provider = _roster?.Resolve(answer.AnsweredBy);
        var text = answer.Text;
        var (saved, record) = await SaveAsync(context, answer, provider, prepared, text, incomplete: false);
        return new ChatTurnResult
        {
            Text = text,
            ModelId = answer.ModelId ?? provider?.Model,
            Provider = provider,
            FromCache = answer.FromCache,
            CachedAt = answer.CachedAt,
            Usage = answer.Usage,
            FinishReason = answer.FinishReason,
            Latency = answer.Latency,
            TimeToFirstToken = answer.TimeToFirstToken,
            Prepared = prepared,
            SavedAnswer = saved,
            UsageRecord = record,
            ToolCalls = answer.ToolCalls,
            PendingToolCalls = answer.PendingToolCalls,
        };
    }

    /// <summary>
    /// An answer that broke off after some of it was shown is saved as far as it came, marked incomplete (never
    /// cached); anything else, and a cancelled turn, takes the question back.
    /// </summary>
    private async Task FailAsync(ITurnContext context, AnswerStream answer, ChatTurnPreparation prepared, Exception error, CancellationToken cancellationToken)
    {
        var cancelled = error is OperationCanceledException && cancellationToken.IsCancellationRequested;
        if (!cancelled && answer.Text.Length > 0)
        {
            // The part shown was generated, and is billed: it is metered like a whole answer (its counts estimated when
            // the stream broke before its usage).
            await SaveAsync(context, answer, _roster?.Resolve(answer.AnsweredBy), prepared, answer.Text, incomplete: true);
            return;
        }

        await context.AbandonAsync();
    }

    /// <summary>
    /// Saves an answer (whole, or as far as it came) with its usage record, then hands the record to the meter: kept
    /// with the answer when the context keeps usage, else queued for the ledger.
    /// </summary>
    private async Task<(StoredMessage? Saved, Usage.UsageRecord? Record)> SaveAsync(
        ITurnContext context, AnswerStream answer, Configuration.ProviderSettings? provider, ChatTurnPreparation prepared, string text, bool incomplete)
    {
        var record = Meter?.Measure(provider?.KindName, answer.ModelId ?? provider?.Model, answer.Usage, answer.FromCache, prepared.Window, prepared.Messages, text, ChatTurnScope.CallerId);
        var saved = await context.CompleteAsync(text, new TurnFacts(provider, answer.ModelId, answer.Usage, answer.Latency, incomplete, record, answer.ToolCalls));
        if (record is not null)
        {
            Meter!.Recorded(record, saved is not null && context.KeepsUsage);
        }

        return (saved, record);
    }

    /// <summary>The model's count of the prompt and its context, when <paramref name="exception"/> or a cause of it says the prompt did not fit.</summary>
    internal static (int PromptTokens, int ContextTokens)? TooLong(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AideChatException { PromptTokens: { } prompt, ContextTokens: { } context } && prompt >= context)
            {
                return (prompt, context);
            }
        }

        return null;
    }

    /// <summary>One answer as it streams: its text, timings and the facts its updates carry.</summary>
    private sealed class AnswerStream(TimeProvider timeProvider)
    {
        private readonly StringBuilder _text = new();
        private readonly List<ChatResponseUpdate> _updates = [];
        private readonly Dictionary<string, FunctionCallContent> _calls = new(StringComparer.Ordinal);
        private readonly List<Tools.ToolCallRecord> _toolCalls = [];

        /// <summary>The tool calls the pipeline ran for this answer, each with its result, in order.</summary>
        public IReadOnlyList<Tools.ToolCallRecord> ToolCalls => _toolCalls;

        /// <summary>The calls nobody ran: tools the caller declared and runs itself.</summary>
        public IReadOnlyList<FunctionCallContent> PendingToolCalls => [.. _calls.Values];

        public bool Started => _text.Length > 0;

        public string Text => _text.ToString();

        public string? AnsweredBy { get; private set; }

        public bool FromCache { get; private set; }

        public DateTimeOffset? CachedAt { get; private set; }

        public string? ModelId { get; private set; }

        public UsageDetails? Usage { get; private set; }

        public ChatFinishReason? FinishReason { get; private set; }

        public TimeSpan Latency { get; private set; }

        public TimeSpan? TimeToFirstToken { get; private set; }

        public async Task ReadAsync(IChatClient client, IList<ChatMessage> messages, ChatTurnRequest request, CancellationToken cancellationToken)
        {
            var started = timeProvider.GetTimestamp();
            _updates.Clear();
            _calls.Clear();
            _toolCalls.Clear();
            if (!request.Streamed)
            {
                await WholeAnswerAsync(client, messages, request, started, cancellationToken);
                return;
            }

            try
            {
                await foreach (var update in client.GetStreamingResponseAsync(messages, request.Options, cancellationToken))
                {
                    _updates.Add(update);
                    FromCache |= ResponseCacheMarker.IsFromCache(update.AdditionalProperties);
                    CachedAt ??= ResponseCacheMarker.StoredAt(update.AdditionalProperties);
                    AnsweredBy ??= ProviderStamp.AnsweredBy(update.AdditionalProperties);
                    NoteToolCalls(update.Contents);
                    if (update.Text is { Length: > 0 } chunk)
                    {
                        TimeToFirstToken ??= timeProvider.GetElapsedTime(started);
                        _text.Append(chunk);
                    }

                    if (request.OnUpdate is { } onUpdate)
                    {
                        await onUpdate(update, cancellationToken);
                    }
                }
            }
            finally
            {
                Latency = timeProvider.GetElapsedTime(started);
                var response = _updates.ToChatResponse();
                ModelId = response.ModelId;
                Usage = response.Usage;
                FinishReason = response.FinishReason;
            }
        }

        /// <summary>
        /// A turn asked without streaming: the whole answer read as it is (no detour through updates, which cost the
        /// gateway's non-streamed requests a list and a rebuilt response each), and handed to
        /// <see cref="ChatTurnRequest.OnUpdate"/>, if any, as the one update it amounts to.
        /// </summary>
        private async Task WholeAnswerAsync(IChatClient client, IList<ChatMessage> messages, ChatTurnRequest request, long started, CancellationToken cancellationToken)
        {
            ChatResponse response;
            try
            {
                response = await client.GetResponseAsync(messages, request.Options, cancellationToken);
            }
            finally
            {
                Latency = timeProvider.GetElapsedTime(started);
            }

            FromCache = ResponseCacheMarker.IsFromCache(response.AdditionalProperties);
            CachedAt = ResponseCacheMarker.StoredAt(response.AdditionalProperties);
            AnsweredBy = ProviderStamp.AnsweredBy(response.AdditionalProperties);
            ModelId = response.ModelId;
            Usage = response.Usage;
            FinishReason = response.FinishReason;
            foreach (var message in response.Messages)
            {
                NoteToolCalls(message.Contents);
                foreach (var content in message.Contents)
                {
                    if (content is TextContent { Text: { Length: > 0 } text })
                    {
                        _text.Append(text);
                    }
                }
            }

            TimeToFirstToken = _text.Length > 0 ? Latency : null;
            if (request.OnUpdate is { } onUpdate)
            {
                await onUpdate(AsUpdate(response), cancellationToken);
            }
        }

        /// <summary>Pairs the tool loop's calls (from the model's updates) with their results (from the loop's tool updates).</summary>
        private void NoteToolCalls(IList<AIContent> contents)
        {
            foreach (var content in contents)
            {
                if (content is FunctionCallContent call)
                {
                    _calls[call.CallId] = call;
                }
                else if (content is FunctionResultContent result && _calls.Remove(result.CallId, out var asked))
                {
                    _toolCalls.Add(new Tools.ToolCallRecord(asked.CallId, asked.Name, Tools.ToolArguments.ToJson(asked.Arguments), Tools.ToolOutput.AsText(result.Result)));
                }
            }
        }

        private static ChatResponseUpdate AsUpdate(ChatResponse response)
        {
            var contents = response.Messages.SelectMany(m => m.Contents).ToList();
            if (response.Usage is { } usage)
            {
                contents.Add(new UsageContent(usage));
            }

            return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ResponseId = response.ResponseId,
                MessageId = response.Messages.LastOrDefault()?.MessageId,
                ModelId = response.ModelId,
                CreatedAt = response.CreatedAt,
                FinishReason = response.FinishReason,
                AdditionalProperties = response.AdditionalProperties,
            };
        }
    }
}
