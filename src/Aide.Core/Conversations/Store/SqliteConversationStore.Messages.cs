using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>Appending, removing and reading messages, and the entities they mention.</summary>
public sealed partial class SqliteConversationStore
{
    private const int PageSize = 256;

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(string conversationId, MessageDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync(
            transaction =>
            {
                var (message, mentions) = AppendWithin(conversationId, draft, transaction, sequence: null, createdAt: null);
                return new AppendResult(message, RequireConversation(conversationId, transaction), mentions);
            },
            sync: !draft.DeferFlush,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppendResult> AppendToNewAsync(string name, string? model, MessageDraft draft, CancellationToken cancellationToken = default)
    {
        ConversationName.Validate(name);
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync(
            transaction =>
            {
                var (conversation, _) = FindOrInsert(name, model, transaction);
                var (message, mentions) = AppendWithin(conversation.Id, draft, transaction, sequence: null, createdAt: null);
                return new AppendResult(message, RequireConversation(conversation.Id, transaction), mentions);
            },
            sync: !draft.DeferFlush,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<RemovalResult?> RemoveMessageAsync(string conversationId, int sequence, CancellationToken cancellationToken = default) => WriteAsync(
        transaction =>
        {
            var tokens = Query("SELECT token_count FROM messages WHERE conversation_id = $c AND seq = $s", transaction, r => r.GetInt64(0), ("$c", conversationId), ("$s", sequence));
            if (tokens.Count == 0)
            {
                return null;
            }

            var orphaned = Query(
                $"""
                UPDATE entities SET mentions = mentions - 1
                WHERE conversation_id = $c AND entity_id IN (SELECT entity_id FROM mentions WHERE conversation_id = $c AND seq = $s)
                RETURNING {EntityColumns}
                """,
                transaction,
                MapEntity,
                ("$c", conversationId),
                ("$s", sequence)).Where(e => e.Mentions <= 0).ToList();
            Execute("DELETE FROM entities WHERE conversation_id = $c AND mentions <= 0", transaction, ("$c", conversationId));
            Execute("DELETE FROM messages WHERE conversation_id = $c AND seq = $s", transaction, ("$c", conversationId), ("$s", sequence));
            Execute(
                "UPDATE conversations SET message_count = message_count - 1, token_count = token_count - $t, updated_at = $u WHERE id = $c",
                transaction,
                ("$t", tokens[0]),
                ("$u", Now()),
                ("$c", conversationId));
            return new RemovalResult(1, 0, orphaned, RequireConversation(conversationId, transaction));
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredMessage>>(_ => Query($"SELECT {MessageColumns} FROM messages WHERE conversation_id = $c ORDER BY {TurnColumn}, seq", null, MapMessage, ("$c", conversationId)), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredMessage> ReadNewestFirstAsync(string conversationId, int afterTurn, int? throughTurn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Pages, so the connection is not held while the caller works between messages; (turn, seq) is the index's order.
        var (beforeTurn, beforeSeq) = (int.MaxValue, int.MaxValue);
        var through = throughTurn ?? int.MaxValue;
        while (true)
        {
            var page = await ReadAsync(
                _ => Query(
                    $"""
                    SELECT {MessageColumns} FROM messages
                    WHERE conversation_id = $c AND {TurnColumn} > $after AND {TurnColumn} <= $through AND ({TurnColumn}, seq) < ($bt, $bs)
                      AND kind = 0 AND (pending IS NULL OR seq = $through)
                    ORDER BY {TurnColumn} DESC, seq DESC LIMIT {PageSize}
                    """,
                    null,
                    MapMessage,
                    ("$c", conversationId),
                    ("$after", afterTurn),
                    ("$through", through),
                    ("$bt", beforeTurn),
                    ("$bs", beforeSeq)),
                cancellationToken);
            foreach (var message in page)
            {
                yield return message;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            (beforeTurn, beforeSeq) = (page[^1].Turn, page[^1].Sequence);
        }
    }

    /// <inheritdoc />
    public Task<(int Count, long Tokens)> MeasureAsync(string conversationId, int afterTurn, int? throughTurn = null, CancellationToken cancellationToken = default) => ReadAsync(
        _ => Query(
            $"""
            SELECT count(*), coalesce(sum(token_count), 0) FROM messages
            WHERE conversation_id = $c AND {TurnColumn} > $after AND {TurnColumn} <= $through AND kind = 0 AND (pending IS NULL OR seq = $through)
            """,
            null,
            r => (r.GetInt32(0), r.GetInt64(1)),
            ("$c", conversationId),
            ("$after", afterTurn),
            ("$through", throughTurn ?? int.MaxValue))[0],
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> GetUnansweredQuestionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredMessage>>(
            _ => Query($"SELECT {MessageColumns} FROM messages WHERE conversation_id = $c AND pending IS NOT NULL ORDER BY seq", null, MapMessage, ("$c", conversationId)),
            cancellationToken);

    /// <inheritdoc />
    public Task MarkAbandonedAsync(string conversationId, IReadOnlyList<int> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return WriteAsync(
            transaction =>
            {
                foreach (var sequence in sequences)
                {
                    Execute("UPDATE messages SET pending = '' WHERE conversation_id = $c AND seq = $s AND pending IS NOT NULL", transaction, ("$c", conversationId), ("$s", sequence));
                }

                return 0;
            },
            sync: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredMessage?> GetLatestSummaryAsync(string conversationId, CancellationToken cancellationToken = default) => ReadAsync(
        _ => Query($"SELECT {MessageColumns} FROM messages WHERE conversation_id = $c AND kind = 1 ORDER BY seq DESC LIMIT 1", null, MapMessage, ("$c", conversationId)).FirstOrDefault(),
        cancellationToken);

    /// <inheritdoc />
    public Task<(ConversationInfo Conversation, StoredMessage Message)?> FindMessageAsync(string messageId, CancellationToken cancellationToken = default) => ReadAsync<(ConversationInfo, StoredMessage)?>(
        _ =>
        {
            var found = Query($"SELECT {MessageColumns}, conversation_id FROM messages WHERE id = $id", null, r => (r.GetString(11), MapMessage(r)), ("$id", messageId.ToLowerInvariant()));
            return found.Count == 0 ? null : (RequireConversation(found[0].Item1, null), found[0].Item2);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TrackedEntity>> GetEntitiesAsync(string conversationId, CancellationToken cancellationToken = default) => ReadAsync<IReadOnlyList<TrackedEntity>>(
        _ => Query($"SELECT {EntityColumns} FROM entities WHERE conversation_id = $c ORDER BY mentions DESC, last_seen DESC", null, MapEntity, ("$c", conversationId)),
        cancellationToken);

    private (StoredMessage Message, List<EntityMention> Mentions) AppendWithin(string conversationId, MessageDraft draft, SqliteTransaction transaction, int? sequence, long? createdAt)
    {
        var now = createdAt ?? Now();
        var title = draft.Role == "user" && draft.Kind == MessageKind.Message ? Title(draft.Content) : null;

        // The sequence is taken inside the write transaction, so concurrent appenders get consecutive numbers.
        var seq = Query(
            """
            UPDATE conversations SET
                next_seq = max(next_seq, coalesce($seq, next_seq)) + 1,
                message_count = message_count + 1,
                token_count = token_count + $t,
                updated_at = max(updated_at, $now),
                title = coalesce(title, $title)
            WHERE id = $c
            RETURNING next_seq - 1
            """,
            transaction,
            r => r.GetInt32(0),
            ("$seq", sequence),
            ("$t", draft.TokenCount),
            ("$now", now),
            ("$title", title),
            ("$c", conversationId));
        if (seq.Count == 0)
        {
            throw new ConversationStoreException(ConversationStoreError.NotFound, $"There is no conversation with id {conversationId}; it may have been deleted by another process.");
        }

        var message = new StoredMessage(NewId(), seq[0], draft.Role, draft.Content, draft.TokenCount, Time(now), draft.Kind, draft.SummarizedThrough, draft.Metadata)
        {
            ReplyTo = draft.ReplyTo,
            Unanswered = draft.AwaitsAnswer,
            AnsweringProcess = draft.AwaitsAnswer ? TurnOwner.Current : null,
        };
        Execute(
            $"INSERT INTO messages(conversation_id, {MessageColumns}) VALUES($c, $id, $seq, $role, $content, $t, $now, $kind, $through, $meta, $reply, $pending)",
            transaction,
            ("$c", conversationId),
            ("$id", message.Id),
            ("$seq", message.Sequence),
            ("$role", draft.Role),
            ("$content", draft.Content),
            ("$t", draft.TokenCount),
            ("$now", now),
            ("$kind", (int)draft.Kind),
            ("$through", draft.SummarizedThrough),
            ("$meta", SerializeMetadata(draft.Metadata)),
            ("$reply", draft.ReplyTo),
            ("$pending", draft.AwaitsAnswer ? TurnOwner.Current : null));
        if (draft.ReplyTo is { } question)
        {
            // The answer lands: its question stops waiting, in the same transaction.
            Execute("UPDATE messages SET pending = NULL WHERE conversation_id = $c AND seq = $q", transaction, ("$c", conversationId), ("$q", question));
        }

        var mentions = new List<EntityMention>();
        foreach (var entity in (draft.Entities ?? []).DistinctBy(e => e.Id))
        {
            var id = entity.Id;
            var tracked = Query(
                $"""
                INSERT INTO entities(conversation_id, entity_id, kind, text, mentions, first_seen, last_seen) VALUES($c, $e, $k, $x, 1, $now, $now)
                ON CONFLICT(conversation_id, entity_id) DO UPDATE SET mentions = mentions + 1, last_seen = max(last_seen, excluded.last_seen)
                RETURNING {EntityColumns}
                """,
                transaction,
                MapEntity,
                ("$c", conversationId),
                ("$e", id),
                ("$k", entity.Kind),
                ("$x", entity.Text),
                ("$now", now))[0];
            Execute("INSERT OR IGNORE INTO mentions(conversation_id, seq, entity_id) VALUES($c, $s, $e)", transaction, ("$c", conversationId), ("$s", message.Sequence), ("$e", id));
            mentions.Add(new EntityMention(tracked, tracked.Mentions == 1));
        }

        return (message, mentions);
    }

    private static string Title(string content)
    {
        var line = content.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        line = newline >= 0 ? line[..newline].TrimEnd() : line;
        return line.Length <= 60 ? line.ToString() : string.Concat(line[..59].TrimEnd(), "…");
    }
}
