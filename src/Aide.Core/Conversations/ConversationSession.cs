using Aide.Conversations.Entities;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Conversations;

/// <summary>
/// One conversation in use: saves each message as it happens (with the entities it mentions), builds the context
/// window for the next turn within the token budget, and reports all of it as context events. A turn is
/// <see cref="BeginTurnAsync"/> (the question is saved and the window built) and then <see cref="CompleteTurnAsync"/>
/// (the answer is saved) or <see cref="AbandonTurnAsync"/> (the question is taken back, as if never asked).
/// </summary>
public sealed partial class ConversationSession
{
    private const string Source = "context";
    private readonly IConversationStore _store;
    private readonly ConversationSessionOptions _options;
    private readonly ITokenCounter _counter;
    private readonly EntityExtractor _entities;
    private readonly ILogger _logger;
    private string? _lastWindowSignature;

    // The window's size: the options' until the model refuses a window as too long (RefitTurnAsync), smaller after.
    private ContextWindowOptions _window;

    private ConversationSession(IConversationStore store, ConversationInfo conversation, bool created, ConversationSessionOptions options)
    {
        _store = store;
        _options = options;
        Conversation = conversation;
        IsNew = created;
        _counter = options.TokenCounter ?? TokenCounters.ForModel(options.Model);
        _entities = options.Entities ?? new EntityExtractor();
        _logger = options.Logger ?? NullLogger.Instance;
        _window = options.Window;
    }

    /// <summary>
    /// Gets the conversation as of the last change this session made. Its <see cref="ConversationInfo.Id"/> is empty
    /// while a new conversation waits for its first message (<see cref="ConversationSessionOptions.CreateWithFirstMessage"/>).
    /// </summary>
    public ConversationInfo Conversation { get; private set; }

    /// <summary>Gets a value indicating whether the conversation did not exist when this session was opened (<see cref="OpenAsync"/>, <see cref="StartNew"/>).</summary>
    public bool IsNew { get; }

    /// <summary>Gets a value indicating whether the conversation is not in the store yet (new, no message saved).</summary>
    private bool IsUnsaved => Conversation.Id.Length == 0;

    /// <summary>Gets the token counter in use.</summary>
    public ITokenCounter TokenCounter => _counter;

    /// <summary>
    /// Opens a conversation by name, creating it if it does not exist (at once, or with its first message: see
    /// <see cref="ConversationSessionOptions.CreateWithFirstMessage"/>); resuming one publishes <see cref="ContextRestored"/>.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="name">A valid conversation name.</param>
    /// <param name="options">How to count, fit and report.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The session.</returns>
    public static async Task<ConversationSession> OpenAsync(IConversationStore store, string name, ConversationSessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var started = options.TimeProvider.GetTimestamp();
        ConversationInfo conversation;
        bool created;
        if (options.CreateWithFirstMessage)
        {
            var found = await store.FindAsync(ConversationName.Validate(name), cancellationToken);
            (conversation, created) = (found ?? Unsaved(name, options), found is null);
        }
        else
        {
            (conversation, created) = await store.GetOrCreateAsync(ConversationName.Validate(name), options.Model, cancellationToken);
        }

        var session = new ConversationSession(store, conversation, created, options);
        TokenCounters.Warm(session._counter);
        if (!created)
        {
            var items = await store.GetItemsAsync(conversation.Id, cancellationToken);
            var entities = await store.GetEntitiesAsync(conversation.Id, cancellationToken);
            session.Publish(new ContextRestored("store", conversation.MessageCount + items.Count, entities.Count, options.TimeProvider.GetElapsedTime(started)) { Timestamp = default, Source = Source });
        }

        return session;
    }

    /// <summary>
    /// Starts a conversation under a name no conversation uses yet (a generated one, see <see cref="ConversationName.Generate"/>)
    /// without asking the store: it is saved with its first message, as with
    /// <see cref="ConversationSessionOptions.CreateWithFirstMessage"/>, whatever that option says. Should a
    /// conversation of that name exist by then, the message joins it (<see cref="IConversationStore.AppendToNewAsync"/>).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="name">A valid conversation name.</param>
    /// <param name="options">How to count, fit and report.</param>
    /// <returns>The session.</returns>
    public static ConversationSession StartNew(IConversationStore store, string name, ConversationSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var session = new ConversationSession(store, Unsaved(ConversationName.Validate(name), options), true, options);
        TokenCounters.Warm(session._counter);
        return session;
    }

    /// <summary>A conversation not in the store yet: its id stays empty until its first message is saved.</summary>
    private static ConversationInfo Unsaved(string name, ConversationSessionOptions options)
    {
        var now = options.TimeProvider.GetUtcNow();
        return new ConversationInfo(string.Empty, name, null, options.Model, now, now, 0, 0);
    }

    /// <summary>Works with a conversation already found in the store, without announcing a restore (for maintenance: clear, remove).</summary>
    /// <param name="store">The store.</param>
    /// <param name="conversation">The conversation.</param>
    /// <param name="options">How to count, fit and report.</param>
    /// <returns>The session.</returns>
    public static ConversationSession Attach(IConversationStore store, ConversationInfo conversation, ConversationSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(options);
        return new ConversationSession(store, conversation, false, options);
    }

    /// <summary>Saves the user's message and builds the window for it. Fails, saving nothing, if the message cannot fit.</summary>
    /// <param name="text">The user's message.</param>
    /// <param name="systemPrompt">The system prompt to send first, if any.</param>
    /// <param name="summarizer">The model to summarize turns that no longer fit, when summaries are on.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The saved message and the window to send.</returns>
    /// <exception cref="ContextWindowOverflowException">The message does not fit even alone.</exception>
    public async Task<PreparedTurn> BeginTurnAsync(string text, string? systemPrompt, IChatClient? summarizer, CancellationToken cancellationToken = default)
    {
        var tokens = _counter.CountTokens(text);
        var items = await LiveItemsAsync(cancellationToken);
        var fixedTokens = FixedTokens(systemPrompt, items);
        if (tokens + ContextWindowOptions.MessageOverheadTokens > _window.Budget - fixedTokens)
        {
            throw new ContextWindowOverflowException(tokens, fixedTokens, _window);
        }

        var abandoned = await FindAbandonedQuestionsAsync(cancellationToken);

        // Flushed with the answer (or the question's removal): the model call does not wait for the disk. Saved as
        // waiting for its answer, so concurrent turns leave it out of their windows until it has one.
        var message = await AppendAsync(ChatRole.User, text, tokens, null, cancellationToken, deferFlush: true, awaitsAnswer: true);
        try
        {
            // The items just read are the window's too. A conversation whose only message is this question (a new one)
            // has nothing else to read back: no earlier message, no summary. The window ends with this question.
            var sole = Conversation.MessageCount == 1 ? message : null;
            var window = await BuildWindowAsync(systemPrompt, summarizer, items, sole, through: message.Sequence, cancellationToken);
            return new PreparedTurn(message, window) { UnansweredQuestions = abandoned };
        }
        catch
        {
            await RemoveMessageAsync(message.Sequence, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Saves the model's answer to a turn.</summary>
    /// <param name="turn">The turn.</param>
    /// <param name="reply">The answer.</param>
    /// <param name="metadata">Facts about it (provider, model, usage).</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The saved message.</returns>
    public Task<StoredMessage> CompleteTurnAsync(PreparedTurn turn, string reply, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return AppendAsync(ChatRole.Assistant, reply, _counter.CountTokens(reply), metadata, cancellationToken, replyTo: turn.UserMessage.Sequence);
    }

    /// <summary>Gets a value indicating whether the store keeps an answer's usage record in the answer's transaction.</summary>
    internal bool KeepsUsage => _store is Usage.IUsageLedger;

    /// <summary>Saves a tool call of a turn (role <c>tool</c>, before its answer), flushed with the answer.</summary>
    internal Task<StoredMessage> AppendToolCallAsync(PreparedTurn turn, Tools.ToolCallRecord call, CancellationToken cancellationToken) =>
        AppendAsync(ChatRole.Tool, call.Result, _counter.CountTokens(Tools.ToolMessages.CountedText(call)), Tools.ToolMessages.Metadata(call), cancellationToken, deferFlush: true, replyTo: turn.UserMessage.Sequence);

    /// <summary><see cref="CompleteTurnAsync(PreparedTurn, string, IReadOnlyDictionary{string, string}?, CancellationToken)"/> with the answer's usage record, saved in the same transaction.</summary>
    internal Task<StoredMessage> CompleteTurnWithUsageAsync(PreparedTurn turn, string reply, IReadOnlyDictionary<string, string>? metadata, Usage.UsageRecord? usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return AppendAsync(ChatRole.Assistant, reply, _counter.CountTokens(reply), metadata, cancellationToken, replyTo: turn.UserMessage.Sequence, usage: usage);
    }

    /// <summary>
    /// The conversation's questions whose process ended before their answer (killed, or the machine stopped), marked so
    /// that only this turn reports them; questions of turns still in progress elsewhere are left alone. A new
    /// conversation has none, and costs no read.
    /// </summary>
    private async Task<IReadOnlyList<StoredMessage>> FindAbandonedQuestionsAsync(CancellationToken cancellationToken)
    {
        if (IsUnsaved || IsNew && Conversation.MessageCount == 0)
        {
            return [];
        }

        var now = _options.TimeProvider.GetUtcNow();
        var abandoned = (await _store.GetUnansweredQuestionsAsync(Conversation.Id, cancellationToken))
            .Where(q => q.AnsweringProcess is { } owner && !TurnOwner.MayBeAlive(owner, q.CreatedAt, now))
            .ToList();
        if (abandoned.Count > 0)
        {
            await _store.MarkAbandonedAsync(Conversation.Id, [.. abandoned.Select(q => q.Sequence)], cancellationToken);
            ConversationLog.QuestionsAbandoned(_logger, Conversation.Name, abandoned.Count);
        }

        return abandoned;
    }

    /// <summary>Takes back the question of a turn that failed or was cancelled, so the conversation is as it was before it.</summary>
    /// <param name="turn">The turn.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the question is removed.</returns>
    public Task AbandonTurnAsync(PreparedTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return RemoveMessageAsync(turn.UserMessage.Sequence, cancellationToken);
    }

    /// <summary>Saves a message (any role) with its entities, publishing <see cref="ContextUpdated"/> and <see cref="ContextEntityDetected"/>.</summary>
    /// <param name="role">The role.</param>
    /// <param name="text">The text.</param>
    /// <param name="metadata">Facts about it.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The saved message.</returns>
    public Task<StoredMessage> AppendAsync(ChatRole role, string text, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        AppendAsync(role, text, _counter.CountTokens(text), metadata, cancellationToken);

    /// <summary>Removes a message; entities only it mentioned go with it.</summary>
    /// <param name="sequence">The message's sequence.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>What was removed, or <see langword="null"/> if there was no such message.</returns>
    public async Task<RemovalResult?> RemoveMessageAsync(int sequence, CancellationToken cancellationToken = default)
    {
        var removed = IsUnsaved ? null : await _store.RemoveMessageAsync(Conversation.Id, sequence, cancellationToken);
        if (removed is null)
        {
            return null;
        }

        Conversation = removed.Conversation;
        Publish(new ContextUpdated(FormattableString.Invariant($"#{sequence}"), ContextOperation.Remove, ClampTokens(Conversation.TokenCount)) { Timestamp = default, Source = Source });
        foreach (var entity in removed.EntitiesRemoved)
        {
            Publish(new ContextEntityRemoved(entity.Id, entity.Kind, "last mention removed") { Timestamp = default, Source = Source });
        }

        return removed;
    }

    /// <summary>Removes every message, item and entity of the conversation; publishes <see cref="ContextCleared"/>.</summary>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>What was removed.</returns>
    public async Task<RemovalResult> ClearAsync(CancellationToken cancellationToken = default)
    {
        var removed = IsUnsaved ? new RemovalResult(0, 0, [], Conversation) : await _store.ClearAsync(Conversation.Id, cancellationToken);
        Conversation = removed.Conversation;
        _lastWindowSignature = null;
        foreach (var entity in removed.EntitiesRemoved)
        {
            Publish(new ContextEntityRemoved(entity.Id, entity.Kind, "conversation cleared") { Timestamp = default, Source = Source });
        }

        Publish(new ContextCleared(removed.MessagesRemoved + removed.ItemsRemoved, removed.EntitiesRemoved.Count) { Timestamp = default, Source = Source });
        return removed;
    }

    private async Task<StoredMessage> AppendAsync(
        ChatRole role, string text, int tokens, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken, bool deferFlush = false, bool awaitsAnswer = false, int? replyTo = null, Usage.UsageRecord? usage = null)
    {
        var entities = _entities.Extract(text);
        var draft = new MessageDraft(role.Value, text, tokens, entities, Metadata: metadata, DeferFlush: deferFlush) { AwaitsAnswer = awaitsAnswer, ReplyTo = replyTo, Usage = usage };
        var result = IsUnsaved
            ? await _store.AppendToNewAsync(Conversation.Name, _options.Model, draft, cancellationToken)
            : await _store.AppendAsync(Conversation.Id, draft, cancellationToken);
        Conversation = result.Conversation;
        Publish(new ContextUpdated(result.Message.Id, ContextOperation.Add, ClampTokens(Conversation.TokenCount)) { Timestamp = default, Source = Source });
        foreach (var mention in result.Entities)
        {
            var entity = mention.Entity;
            Publish(new ContextEntityDetected(entity.Id, entity.Kind, entity.Text, mention.IsNew ? EntityChange.Added : EntityChange.Updated) { Timestamp = default, Source = Source });
        }

        return result.Message;
    }

    private void Publish(AideEvent evt)
    {
        if (_options.EventBus is { } bus)
        {
            bus.Publish(evt with { Timestamp = _options.TimeProvider.GetUtcNow(), SessionId = Conversation.Name });
        }
    }

    private static int ClampTokens(long tokens) => (int)Math.Min(int.MaxValue, tokens);
}
