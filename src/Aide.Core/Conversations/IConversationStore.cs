namespace Aide.Conversations;

/// <summary>
/// Where conversations live. The default is <c>SqliteConversationStore</c> (Aide.Conversations.Sqlite; an embedded database in the
/// data folder); a server database can implement the same contract. Every write is one transaction: a message is
/// saved whole with its entity mentions or not at all, and several processes may append to one conversation.
/// </summary>
public interface IConversationStore : IAsyncDisposable
{
    /// <summary>Finds a conversation by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The conversation, or <see langword="null"/>.</returns>
    Task<ConversationInfo?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Finds the most recently updated conversation.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The conversation, or <see langword="null"/> if there is none.</returns>
    Task<ConversationInfo?> FindMostRecentAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists conversations, most recently updated first.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The conversations.</returns>
    Task<IReadOnlyList<ConversationInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a conversation, or returns the existing one of that name (two processes may race to create it).</summary>
    /// <param name="name">A valid name.</param>
    /// <param name="model">The model it is used with, if known.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The conversation and whether it was created now.</returns>
    Task<(ConversationInfo Conversation, bool Created)> GetOrCreateAsync(string name, string? model, CancellationToken cancellationToken = default);

    /// <summary>Deletes a conversation with its messages, items and entities.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>What was removed, or <see langword="null"/> if there was no such conversation.</returns>
    Task<RemovalResult?> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Removes every message, item and entity of a conversation, keeping the conversation itself.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>What was removed.</returns>
    Task<RemovalResult> ClearAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Appends a message and its entity mentions in one transaction.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="draft">The message.</param>
    /// <param name="cancellationToken">Cancels the append (before it commits).</param>
    /// <returns>The saved message and what it did to the entities.</returns>
    Task<AppendResult> AppendAsync(string conversationId, MessageDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the first message of a conversation that may not exist yet: creates it (or finds the one another process
    /// created meanwhile) and appends the message, in one transaction where the store can. Saving a new conversation
    /// only with its first message leaves no empty conversation behind and writes the conversation once.
    /// </summary>
    /// <param name="name">A valid name.</param>
    /// <param name="model">The model it is used with, if known.</param>
    /// <param name="draft">The message.</param>
    /// <param name="cancellationToken">Cancels the append (before it commits).</param>
    /// <returns>The saved message, the conversation as saved, and what it did to the entities.</returns>
    async Task<AppendResult> AppendToNewAsync(string name, string? model, MessageDraft draft, CancellationToken cancellationToken = default)
    {
        // For stores that cannot do both in one transaction: two, as GetOrCreateAsync and AppendAsync do.
        var (conversation, _) = await GetOrCreateAsync(name, model, cancellationToken).ConfigureAwait(false);
        return await AppendAsync(conversation.Id, draft, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one message; entities only it mentioned are removed with it.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="sequence">The message's sequence.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>What was removed, or <see langword="null"/> if there was no such message.</returns>
    Task<RemovalResult?> RemoveMessageAsync(string conversationId, int sequence, CancellationToken cancellationToken = default);

    /// <summary>Reads the messages of a conversation in order (each answer right after the question it answers).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All messages, summaries included.</returns>
    Task<IReadOnlyList<StoredMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads messages newest first, so a context window can stop as soon as it is full. An answer's sequence is the one
    /// its question kept free (<see cref="MessageDraft.AwaitsAnswer"/>), so this is turn order however concurrent turns
    /// finished. Questions still without an answer are left out, except the one of <paramref name="throughTurn"/>:
    /// concurrent turns on one conversation each see only the turns answered before them.
    /// </summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="afterTurn">Only turns after this one (a summary's <see cref="StoredMessage.SummarizedThrough"/>).</param>
    /// <param name="throughTurn">Only turns up to this one (the sequence of the question being answered); all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages (summaries excluded), newest first.</returns>
    IAsyncEnumerable<StoredMessage> ReadNewestFirstAsync(string conversationId, int afterTurn, int? throughTurn = null, CancellationToken cancellationToken = default);

    /// <summary>Counts the messages <see cref="ReadNewestFirstAsync"/> would read and sums their tokens.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="afterTurn">Only turns after this one.</param>
    /// <param name="throughTurn">Only turns up to this one; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count and the tokens.</returns>
    Task<(int Count, long Tokens)> MeasureAsync(string conversationId, int afterTurn, int? throughTurn = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the questions of a conversation a process still waits on an answer for (in progress, or whose process ended and nobody has noticed yet), newest first.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The questions, oldest first.</returns>
    Task<IReadOnlyList<StoredMessage>> GetUnansweredQuestionsAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Marks questions whose process ended before their answer as abandoned: they stay unanswered, and no process waits for them any more.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="sequences">The questions.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when they are marked.</returns>
    Task MarkAbandonedAsync(string conversationId, IReadOnlyList<int> sequences, CancellationToken cancellationToken = default);

    /// <summary>Gets the newest summary of a conversation.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary, or <see langword="null"/>.</returns>
    Task<StoredMessage?> GetLatestSummaryAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Finds a message by its global id.</summary>
    /// <param name="messageId">The id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The conversation and message, or <see langword="null"/>.</returns>
    Task<(ConversationInfo Conversation, StoredMessage Message)?> FindMessageAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Gets the entities a conversation mentions, most mentioned first.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entities.</returns>
    Task<IReadOnlyList<TrackedEntity>> GetEntitiesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Adds a context item.</summary>
    /// <param name="draft">The item.</param>
    /// <param name="cancellationToken">Cancels the add.</param>
    /// <returns>The saved item.</returns>
    Task<ContextItem> AddItemAsync(ContextItemDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Removes a context item.</summary>
    /// <param name="itemId">The item's id.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>The removed item, or <see langword="null"/> if there was none.</returns>
    Task<ContextItem?> RemoveItemAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>Pins or unpins a context item.</summary>
    /// <param name="itemId">The item's id.</param>
    /// <param name="pinned">Pin or unpin.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The changed item, or <see langword="null"/> if there was none.</returns>
    Task<ContextItem?> SetPinnedAsync(string itemId, bool pinned, CancellationToken cancellationToken = default);

    /// <summary>Gets the items that apply to a conversation: its own and the global ones.</summary>
    /// <param name="conversationId">The conversation's id, or <see langword="null"/> for the global items only.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items, expired ones included.</returns>
    Task<IReadOnlyList<ContextItem>> GetItemsAsync(string? conversationId, CancellationToken cancellationToken = default);

    /// <summary>Copies a conversation up to and including one message into a new conversation.</summary>
    /// <param name="sourceId">The conversation to branch.</param>
    /// <param name="throughSequence">The last message to copy.</param>
    /// <param name="newName">The new conversation's name (must not exist).</param>
    /// <param name="cancellationToken">Cancels the branch.</param>
    /// <returns>The new conversation.</returns>
    Task<ConversationInfo> BranchAsync(string sourceId, int throughSequence, string newName, CancellationToken cancellationToken = default);

    /// <summary>Imports a conversation whole, or nothing of it.</summary>
    /// <param name="document">The export document (already validated).</param>
    /// <param name="name">The name to import it as (must not exist).</param>
    /// <param name="entities">The entities found in each message, by message index.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The new conversation.</returns>
    Task<ConversationInfo> ImportAsync(ConversationDocument document, string name, IReadOnlyList<IReadOnlyList<DetectedEntity>> entities, CancellationToken cancellationToken = default);
}
