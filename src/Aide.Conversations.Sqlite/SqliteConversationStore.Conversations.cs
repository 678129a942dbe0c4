using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>Finding, creating, clearing, deleting, branching and importing conversations.</summary>
public sealed partial class SqliteConversationStore
{
    /// <inheritdoc />
    public Task<ConversationInfo?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(_ => GetConversation("name", name, null), cancellationToken);

    /// <inheritdoc />
    public Task<ConversationInfo?> FindMostRecentAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(_ => Query($"SELECT {ConversationColumns} FROM conversations ORDER BY updated_at DESC, rowid DESC LIMIT 1", null, MapConversation).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ConversationInfo>>(_ => Query($"SELECT {ConversationColumns} FROM conversations ORDER BY updated_at DESC, rowid DESC", null, MapConversation), cancellationToken);

    /// <inheritdoc />
    public async Task<(ConversationInfo Conversation, bool Created)> GetOrCreateAsync(string name, string? model, CancellationToken cancellationToken = default)
    {
        ConversationName.Validate(name);
        if (await FindAsync(name, cancellationToken) is { } found)
        {
            return (found, false);
        }

        // A new conversation is empty until its first message, whose synced commit makes it durable too.
        return await WriteAsync(transaction => FindOrInsert(name, model, transaction), sync: false, cancellationToken);
    }

    /// <summary>
    /// The conversation of that name, or a new one. Inside the write transaction (<c>BEGIN IMMEDIATE</c>), so a process
    /// that created the name first is seen here and its conversation used.
    /// </summary>
    private (ConversationInfo Conversation, bool Created) FindOrInsert(string name, string? model, SqliteTransaction transaction) =>
        GetConversation("name", name, transaction) is { } existing
            ? (existing, false)
            : (Insert(name, model, title: null, branchedFrom: null, branchedAt: null, transaction), true);

    /// <inheritdoc />
    public Task<RemovalResult?> DeleteAsync(string name, CancellationToken cancellationToken = default) => WriteAsync(
        transaction =>
        {
            if (GetConversation("name", name, transaction) is not { } conversation)
            {
                return null;
            }

            var removed = ClearWithin(conversation, transaction);
            Execute("DELETE FROM conversations WHERE id = $id", transaction, ("$id", conversation.Id));
            return removed;
        },
        cancellationToken);

    /// <summary>Renames a conversation; its messages, items, entities and usage stay with it.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="newName">The new name (validated; names are compared without regard to case).</param>
    /// <param name="cancellationToken">Cancels the rename.</param>
    /// <returns>The renamed conversation, or <see langword="null"/> when none is named <paramref name="name"/>.</returns>
    /// <exception cref="ConversationStoreException">The new name is invalid or taken by another conversation.</exception>
    public Task<ConversationInfo?> RenameAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        ConversationName.Validate(newName);
        return WriteAsync<ConversationInfo?>(
            transaction =>
            {
                if (GetConversation("name", name, transaction) is not { } conversation)
                {
                    return null;
                }

                if (GetConversation("name", newName, transaction) is { } taken && taken.Id != conversation.Id)
                {
                    throw new ConversationStoreException(ConversationStoreError.AlreadyExists, $"A conversation named '{newName}' already exists; choose another name, or remove that one first.");
                }

                Execute("UPDATE conversations SET name = $n WHERE id = $id", transaction, ("$n", newName), ("$id", conversation.Id));
                return RequireConversation(conversation.Id, transaction);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<RemovalResult> ClearAsync(string conversationId, CancellationToken cancellationToken = default) =>
        WriteAsync(transaction => ClearWithin(RequireConversation(conversationId, transaction), transaction), cancellationToken);

    /// <inheritdoc />
    public Task<ConversationInfo> BranchAsync(string sourceId, int throughSequence, string newName, CancellationToken cancellationToken = default)
    {
        ConversationName.Validate(newName);
        return WriteAsync(
            transaction =>
            {
                var source = RequireConversation(sourceId, transaction);
                if (GetConversation("name", newName, transaction) is not null)
                {
                    throw new ConversationStoreException(ConversationStoreError.AlreadyExists, $"A conversation named '{newName}' already exists; choose another name for the branch.");
                }

                if (Query("SELECT 1 FROM messages WHERE conversation_id = $c AND seq = $s", transaction, r => r.GetInt32(0), ("$c", sourceId), ("$s", throughSequence)).Count == 0)
                {
                    throw new ConversationStoreException(ConversationStoreError.NotFound, $"Conversation '{source.Name}' has no message #{throughSequence}; aide history show {source.Name} lists them.");
                }

                var branch = Insert(newName, source.Model, source.Title, source.Name, throughSequence, transaction);
                Execute(
                    """
                    INSERT INTO messages(conversation_id, seq, id, role, content, token_count, created_at, kind, summarized_through, metadata, reply_to)
                    SELECT $b, seq, lower(hex(randomblob(6))), role, content, token_count, created_at, kind, summarized_through, metadata, reply_to
                    FROM messages WHERE conversation_id = $c AND seq <= $s AND pending IS NULL;
                    INSERT INTO mentions(conversation_id, seq, entity_id)
                    SELECT $b, seq, entity_id FROM mentions WHERE conversation_id = $c AND seq IN (SELECT seq FROM messages WHERE conversation_id = $b);
                    INSERT INTO entities(conversation_id, entity_id, kind, text, mentions, first_seen, last_seen)
                    SELECT $b, e.entity_id, e.kind, e.text, count(*), min(m2.created_at), max(m2.created_at)
                    FROM mentions m JOIN entities e ON e.conversation_id = $c AND e.entity_id = m.entity_id
                    JOIN messages m2 ON m2.conversation_id = $b AND m2.seq = m.seq
                    WHERE m.conversation_id = $b GROUP BY e.entity_id;
                    INSERT INTO items(id, conversation_id, kind, content, priority, relevance, pinned, expires_at, created_at, token_count)
                    SELECT lower(hex(randomblob(6))), $b, kind, content, priority, relevance, pinned, expires_at, created_at, token_count FROM items WHERE conversation_id = $c;
                    UPDATE conversations SET
                        message_count = (SELECT count(*) FROM messages WHERE conversation_id = $b),
                        token_count = (SELECT coalesce(sum(token_count), 0) FROM messages WHERE conversation_id = $b),
                        next_seq = $s + 1
                    WHERE id = $b;
                    """,
                    transaction,
                    ("$b", branch.Id),
                    ("$c", sourceId),
                    ("$s", throughSequence));
                return RequireConversation(branch.Id, transaction);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConversationInfo> ImportAsync(ConversationDocument document, string name, IReadOnlyList<IReadOnlyList<DetectedEntity>> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(entities);
        ConversationName.Validate(name);
        return WriteAsync(
            transaction =>
            {
                if (GetConversation("name", name, transaction) is not null)
                {
                    throw new ConversationStoreException(ConversationStoreError.AlreadyExists, $"A conversation named '{name}' already exists; import under another name with --as NAME, or remove it first.");
                }

                var source = document.Conversation;
                var conversation = Insert(name, source.Model, source.Title, null, null, transaction, source.CreatedAt.ToUnixTimeMilliseconds());
                for (var i = 0; i < document.Messages.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var message = document.Messages[i];
                    AppendWithin(
                        conversation.Id,
                        new MessageDraft(message.Role, message.Content, message.TokenCount, entities[i], message.Kind, message.SummarizedThrough, message.Metadata) { ReplyTo = message.ReplyTo },
                        transaction,
                        message.Sequence,
                        message.CreatedAt.ToUnixTimeMilliseconds());
                    if (message.Unanswered)
                    {
                        // An imported question without its answer waits for no process here.
                        Execute("UPDATE messages SET pending = '' WHERE conversation_id = $c AND seq = $s", transaction, ("$c", conversation.Id), ("$s", message.Sequence));
                    }
                }

                foreach (var item in document.Items)
                {
                    InsertItem(new ContextItemDraft(conversation.Id, item.Kind, item.Content, item.TokenCount, item.Priority, item.Relevance, item.Pinned, item.ExpiresAt), transaction, item.CreatedAt.ToUnixTimeMilliseconds());
                }

                Execute("UPDATE conversations SET updated_at = max(updated_at, $u) WHERE id = $id", transaction, ("$u", source.UpdatedAt.ToUnixTimeMilliseconds()), ("$id", conversation.Id));
                return RequireConversation(conversation.Id, transaction);
            },
            cancellationToken);
    }

    private ConversationInfo Insert(string name, string? model, string? title, string? branchedFrom, int? branchedAt, SqliteTransaction transaction, long? createdAt = null)
    {
        var id = NewId();
        var now = Now();
        Execute(
            "INSERT INTO conversations(id, name, title, model, created_at, updated_at, branched_from, branched_at) VALUES($id, $n, $t, $m, $c, $u, $bf, $ba)",
            transaction,
            ("$id", id),
            ("$n", name),
            ("$t", title),
            ("$m", model),
            ("$c", createdAt ?? now),
            ("$u", now),
            ("$bf", branchedFrom),
            ("$ba", branchedAt));
        return RequireConversation(id, transaction);
    }

    private RemovalResult ClearWithin(ConversationInfo conversation, SqliteTransaction transaction)
    {
        var entities = Query($"SELECT {EntityColumns} FROM entities WHERE conversation_id = $c", transaction, MapEntity, ("$c", conversation.Id));
        var messages = Execute("DELETE FROM messages WHERE conversation_id = $c", transaction, ("$c", conversation.Id));
        var items = Execute("DELETE FROM items WHERE conversation_id = $c", transaction, ("$c", conversation.Id));
        Execute("DELETE FROM entities WHERE conversation_id = $c", transaction, ("$c", conversation.Id));
        Execute("UPDATE conversations SET message_count = 0, token_count = 0, pending_count = 0, updated_at = $u WHERE id = $c", transaction, ("$u", Now()), ("$c", conversation.Id));
        return new RemovalResult(messages, items, entities, RequireConversation(conversation.Id, transaction));
    }
}
