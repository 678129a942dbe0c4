using System.Globalization;
using System.Text;
using Aide.Conversations.Window;
using Aide.Diagnostics;
using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Conversations;

/// <summary>
/// The context window. Order of precedence when space is short: the system prompt, pinned items and the newest
/// message always (or the turn fails); then relevant items by priority; then the latest summary; then earlier turns,
/// newest first, stopping at the first that does not fit (no holes); low-relevance items only with room to spare;
/// expired items never. Messages are read newest first and reading stops once the window is full, so resuming a
/// long conversation costs the window, not the history.
/// </summary>
public sealed partial class ConversationSession
{
    private const int ReplyPrimingTokens = 3;
    private const string SummaryPrefix = "Summary of the earlier conversation:\n";

    // The fixed strings' token counts, counted once per session instead of once per item or window.
    private int? _summaryPrefixTokens;
    private int? _itemsHeaderTokens;

    /// <summary>Builds the window for the next request from what is saved; publishes <see cref="ContextWindowChanged"/> when what is left out changes.</summary>
    /// <param name="systemPrompt">The system prompt, if any.</param>
    /// <param name="summarizer">The model that summarizes dropped turns when summaries are on.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The window.</returns>
    public Task<ContextWindow> BuildWindowAsync(string? systemPrompt, IChatClient? summarizer = null, CancellationToken cancellationToken = default) =>
        BuildWindowAsync(systemPrompt, summarizer, items: null, sole: null, through: null, cancellationToken);

    /// <summary>
    /// Builds the window from <paramref name="items"/> when already read, from <paramref name="sole"/> alone when it is
    /// the conversation's only message, and up to the turn <paramref name="through"/> (the question being answered).
    /// </summary>
    private async Task<ContextWindow> BuildWindowAsync(
        string? systemPrompt, IChatClient? summarizer, (IReadOnlyList<ContextItem> All, IReadOnlyList<ContextItem> Live)? items, StoredMessage? sole, int? through, CancellationToken cancellationToken)
    {
        var window = await PlanAsync(systemPrompt, cancellationToken, items: items, sole: sole, through: through);
        var summarized = 0;
        // Summaries are written in batches: only once the left-out turns reach a quarter of the budget, so a long
        // conversation costs one summary call every few turns, not one per turn.
        if (_window.Summarize && summarizer is not null && window.MessagesDropped > 0 && window.TokensDropped >= _window.Budget / 4)
        {
            summarized = await SummarizeAsync(window, summarizer, cancellationToken);
            if (summarized > 0)
            {
                window = await PlanAsync(systemPrompt, cancellationToken, through: through);
            }
        }

        await ReportAsync(window, systemPrompt, summarized, cancellationToken);
        return window;
    }

    /// <summary>
    /// Builds a turn's window again, smaller, after the model refused it: by its own tokenizer and chat template the
    /// prompt was <paramref name="promptTokens"/> tokens, more than its context of <paramref name="modelContextTokens"/>
    /// (a model whose window is smaller than configured, or whose tokenizer counts more than the estimate). The
    /// budget shrinks by the measured ratio of the model's count to the window's, with 5% to spare, for this turn and
    /// the session's later ones; the question stays saved. Earlier turns are left out, never cut.
    /// </summary>
    /// <param name="turn">The turn whose window was too large.</param>
    /// <param name="promptTokens">The prompt's length as the model counted it.</param>
    /// <param name="modelContextTokens">The model's context window.</param>
    /// <param name="systemPrompt">The system prompt, if any.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The turn with its new window.</returns>
    /// <exception cref="ContextWindowOverflowException">Even the newest message does not fit the smaller window.</exception>
    public async Task<PreparedTurn> RefitTurnAsync(PreparedTurn turn, int promptTokens, int modelContextTokens, string? systemPrompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelContextTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, modelContextTokens);

        // Model tokens per window token, measured on the window just refused (never below 1: this only shrinks). The
        // new budget is below what was sent, because promptTokens >= modelContextTokens, so each refit makes progress.
        var ratio = Math.Max(1.0, promptTokens / (double)Math.Max(1, turn.Window.TokensUsed));
        var reply = Math.Min(_window.ReplyTokens, modelContextTokens / 4);
        var budget = Math.Min(_window.Budget, (int)((modelContextTokens - reply) / ratio * 0.95));
        _window = new ContextWindowOptions { ContextTokens = Math.Max(budget, 0) + reply, ReplyTokens = reply, Summarize = _window.Summarize };
        ConversationLog.WindowRefitted(_logger, Conversation.Name, promptTokens, modelContextTokens, budget);

        var window = await PlanAsync(systemPrompt, cancellationToken, through: turn.UserMessage.Sequence);
        await ReportAsync(window, systemPrompt, 0, cancellationToken);
        return turn with { Window = window };
    }

    /// <summary>
    /// The messages the first turn of a new conversation sends for <paramref name="question"/>: the system prompt, the
    /// items that apply to every conversation (as they fit), the question. Nothing is saved or published. This is what
    /// <c>aide cache warm</c> asks, so that the answers it caches are the ones a later <c>aide ask</c> looks up.
    /// </summary>
    /// <param name="store">The store, for the items that apply to every conversation.</param>
    /// <param name="question">The question.</param>
    /// <param name="systemPrompt">The system prompt, if any.</param>
    /// <param name="options">The options a new conversation would have.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The messages, in order.</returns>
    /// <exception cref="ContextWindowOverflowException">The question does not fit even alone.</exception>
    public static async Task<IList<ChatMessage>> FirstTurnMessagesAsync(
        IConversationStore store, string question, string? systemPrompt, ConversationSessionOptions options, CancellationToken cancellationToken)
    {
        // A conversation that is never created: the store holds no messages, summary or items of its own for it.
        var now = options.TimeProvider.GetUtcNow();
        var unsaved = new ConversationInfo(Guid.NewGuid().ToString("N"), "unsaved", null, options.Model, now, now, 0, 0);
        var session = Attach(store, unsaved, options);
        var message = new StoredMessage(string.Empty, 1, ChatRole.User.Value, question, session._counter.CountTokens(question), now);
        return (await session.PlanAsync(systemPrompt, cancellationToken, message)).Messages;
    }

    /// <summary>
    /// Plans the window from what is saved, plus <paramref name="unsaved"/> as the newest message when given; from
    /// <paramref name="items"/> when the caller has just read them, and with <paramref name="sole"/> as the only message
    /// (no summary) when the conversation holds nothing else. With <paramref name="through"/>, the turns up to that
    /// question's only, and that question as the newest message: a turn answered meanwhile by another process, or
    /// asked after this one, is not part of it.
    /// </summary>
    private async Task<ContextWindow> PlanAsync(
        string? systemPrompt,
        CancellationToken cancellationToken,
        StoredMessage? unsaved = null,
        (IReadOnlyList<ContextItem> All, IReadOnlyList<ContextItem> Live)? items = null,
        StoredMessage? sole = null,
        int? through = null)
    {
        var (allItems, liveItems) = items ?? await LiveItemsAsync(cancellationToken);
        var pinned = liveItems.Where(i => i.Pinned).ToList();
        // One composite key rather than ThenByDescending, a generic virtual method resolved at run time under Native AOT (~0.25 ms, perf).
        var optional = liveItems.Where(i => !i.Pinned).OrderByDescending(i => (i.Priority, i.Relevance)).ToList();
        var remaining = _window.Budget - FixedTokens(systemPrompt, (allItems, liveItems)) - ReplyPrimingTokens;
        var summary = sole is null ? await _store.GetLatestSummaryAsync(Conversation.Id, cancellationToken) : null;
        var boundary = summary?.SummarizedThrough ?? 0;

        var included = new List<StoredMessage>();
        var includedItems = new List<ContextItem>(pinned);
        var summaryIncluded = false;
        var full = false;
        var newestFirst = sole is null ? _store.ReadNewestFirstAsync(Conversation.Id, boundary, through, cancellationToken) : new[] { sole }.ToAsyncEnumerable();
        await foreach (var message in unsaved is null ? newestFirst : Prepend(unsaved, newestFirst))
        {
            var cost = message.TokenCount + ContextWindowOptions.MessageOverheadTokens;
            if (included.Count == 0)
            {
                // The newest message was checked when it was added; a window that cannot hold it is an error, never a cut.
                if (cost > remaining)
                {
                    throw new ContextWindowOverflowException(message.TokenCount, _window.Budget - remaining - ReplyPrimingTokens, _window);
                }

                remaining -= cost;
                included.Add(message);
                TakeItems(optional.Where(i => i.Relevance >= ContextItem.LowRelevance), includedItems, ref remaining);
                if (summary is not null && summary.TokenCount + ContextWindowOptions.MessageOverheadTokens + SummaryPrefixTokens <= remaining)
                {
                    remaining -= summary.TokenCount + ContextWindowOptions.MessageOverheadTokens + SummaryPrefixTokens;
                    summaryIncluded = true;
                }

                continue;
            }

            if (cost > remaining)
            {
                full = true;
                break;
            }

            remaining -= cost;
            included.Add(message);
        }

        if (included.Count == 0)
        {
            // Nothing to send yet (an empty conversation): still honour the items.
            TakeItems(optional.Where(i => i.Relevance >= ContextItem.LowRelevance), includedItems, ref remaining);
        }

        TakeItems(optional.Where(i => i.Relevance < ContextItem.LowRelevance), includedItems, ref remaining);
        included.Reverse();
        var dropped = 0;
        var droppedTokens = 0L;
        if (full)
        {
            var (count, tokens) = await _store.MeasureAsync(Conversation.Id, boundary, through, cancellationToken);
            dropped = count - included.Count;
            droppedTokens = tokens - included.Sum(m => (long)m.TokenCount);
        }

        var messages = new List<ChatMessage>();
        if (systemPrompt is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, systemPrompt));
        }

        if (includedItems.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, RenderItems(includedItems)));
        }

        if (summaryIncluded)
        {
            messages.Add(new ChatMessage(ChatRole.System, SummaryPrefix + summary!.Content));
        }

        messages.AddRange(included.SelectMany(Tools.ToolMessages.FromStored));
        var used = _window.Budget - remaining;
        return new ContextWindow(
            messages,
            used,
            _window.Budget,
            includedItems,
            included.Count > 0 ? included[0].Sequence : 0,
            included.Count,
            dropped,
            allItems.Count - includedItems.Count,
            summaryIncluded ? summary : null,
            droppedTokens);
    }

    private static async IAsyncEnumerable<StoredMessage> Prepend(StoredMessage first, IAsyncEnumerable<StoredMessage> rest)
    {
        yield return first;
        await foreach (var message in rest)
        {
            yield return message;
        }
    }

    private int SummaryPrefixTokens => _summaryPrefixTokens ??= _counter.CountTokens(SummaryPrefix);

    private async Task<(IReadOnlyList<ContextItem> All, IReadOnlyList<ContextItem> Live)> LiveItemsAsync(CancellationToken cancellationToken)
    {
        var all = await _store.GetItemsAsync(Conversation.Id, cancellationToken);
        var now = _options.TimeProvider.GetUtcNow();
        return (all, all.Where(i => !i.IsExpired(now)).ToList());
    }

    /// <summary>The system prompt and pinned items: always sent, so always paid for.</summary>
    private int FixedTokens(string? systemPrompt, (IReadOnlyList<ContextItem> All, IReadOnlyList<ContextItem> Live) items)
    {
        var tokens = systemPrompt is null ? 0 : _counter.CountTokens(systemPrompt) + ContextWindowOptions.MessageOverheadTokens;
        var pinned = items.Live.Where(i => i.Pinned).ToList();
        if (pinned.Count > 0)
        {
            tokens += ItemsHeaderTokens + pinned.Sum(ItemCost);
        }

        return tokens;
    }

    private int ItemsHeaderTokens => _itemsHeaderTokens ??= _counter.CountTokens(ItemsHeader) + ContextWindowOptions.MessageOverheadTokens;

    private const string ItemsHeader = "Context to keep in mind:";

    private static int ItemCost(ContextItem item) => item.TokenCount + 4;

    private void TakeItems(IEnumerable<ContextItem> candidates, List<ContextItem> included, ref int remaining)
    {
        foreach (var item in candidates)
        {
            var cost = ItemCost(item) + (included.Count == 0 ? ItemsHeaderTokens : 0);
            if (cost <= remaining)
            {
                remaining -= cost;
                included.Add(item);
            }
        }
    }

    private static string RenderItems(IEnumerable<ContextItem> items)
    {
        var text = new StringBuilder(ItemsHeader);
        foreach (var item in items)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- ({item.Kind.ToString().ToLowerInvariant()}) {item.Content}");
        }

        return text.ToString();
    }

    /// <summary>Publishes <see cref="ContextWindowChanged"/> when what is left out differs from the last window (or, the first time, when anything is).</summary>
    private async Task ReportAsync(ContextWindow window, string? systemPrompt, int summarized, CancellationToken cancellationToken)
    {
        var signature = string.Join('|', window.FirstIncludedSequence, window.Summary?.Id, string.Join(',', window.IncludedItems.Select(i => i.Id)));
        var changed = _lastWindowSignature is null ? window.MessagesDropped > 0 || window.ItemsDropped > 0 || summarized > 0 : signature != _lastWindowSignature;
        _lastWindowSignature = signature;
        if (!changed || _options.EventBus is null)
        {
            return;
        }

        var items = await LiveItemsAsync(cancellationToken);
        var boundary = window.Summary?.SummarizedThrough ?? 0;
        var (count, tokens) = await _store.MeasureAsync(Conversation.Id, boundary, cancellationToken: cancellationToken);
        var before = (systemPrompt is null ? 0 : _counter.CountTokens(systemPrompt) + ContextWindowOptions.MessageOverheadTokens)
            + items.All.Sum(ItemCost) + (int)Math.Min(int.MaxValue / 2, tokens + (count * ContextWindowOptions.MessageOverheadTokens));
        Publish(new ContextWindowChanged(
            before,
            window.TokensUsed,
            count + items.All.Count,
            window.MessagesIncluded + window.IncludedItems.Count + (window.Summary is null ? 0 : 1),
            window.Budget,
            summarized > 0 || window.Summary is not null ? "summarize" : "recent-first",
            window.MessagesDropped + window.ItemsDropped,
            summarized)
        { Timestamp = default, Source = Source });
    }

    /// <summary>Asks the model to summarize the turns the window leaves out (with the previous summary) and saves the summary.</summary>
    /// <returns>How many messages the new summary stands for, or 0 if summarizing failed (the turns are then just left out).</returns>
    private async Task<int> SummarizeAsync(ContextWindow window, IChatClient summarizer, CancellationToken cancellationToken)
    {
        var previous = await _store.GetLatestSummaryAsync(Conversation.Id, cancellationToken);
        var boundary = previous?.SummarizedThrough ?? 0;
        var inputBudget = _window.Budget / 2;
        var dropped = new List<StoredMessage>();
        var used = previous?.TokenCount ?? 0;
        await foreach (var message in _store.ReadNewestFirstAsync(Conversation.Id, boundary, cancellationToken: cancellationToken))
        {
            if (message.Sequence >= window.FirstIncludedSequence)
            {
                continue;
            }

            if (used + message.TokenCount > inputBudget)
            {
                break;
            }

            used += message.TokenCount;
            dropped.Add(message);
        }

        if (dropped.Count == 0)
        {
            return 0;
        }

        dropped.Reverse();
        var transcript = new StringBuilder();
        if (previous is not null)
        {
            transcript.Append("Earlier summary:\n").Append(previous.Content).Append("\n\n");
        }

        foreach (var message in dropped)
        {
            transcript.Append(message.Role).Append(": ").Append(message.Content).Append("\n\n");
        }

        try
        {
            var response = await summarizer.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, "Summarize the conversation below for your own later reference: keep facts, decisions, names, numbers, file paths and open questions; drop pleasantries. Write at most a few short paragraphs."),
                    new ChatMessage(ChatRole.User, transcript.ToString()),
                ],
                new ChatOptions { MaxOutputTokens = Math.Max(64, _window.Budget / 8) },
                cancellationToken);
            var text = response.Text.Trim();
            if (text.Length == 0)
            {
                return 0;
            }

            var through = window.FirstIncludedSequence - 1;
            var result = await _store.AppendAsync(
                Conversation.Id,
                new MessageDraft(ChatRole.System.Value, text, _counter.CountTokens(text), Kind: MessageKind.Summary, SummarizedThrough: through),
                cancellationToken);
            Conversation = result.Conversation;
            Publish(new ContextUpdated(result.Message.Id, ContextOperation.Add, ClampTokens(Conversation.TokenCount)) { Timestamp = default, Source = Source });
            return dropped.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ConversationLog.SummaryFailed(_logger, LogText.Reason(ex.Message));
            return 0;
        }
    }
}
