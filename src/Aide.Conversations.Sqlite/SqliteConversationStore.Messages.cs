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
            var found = Query("SELECT token_count, pending FROM messages WHERE conversation_id = $c AND seq = $s", transaction, r => (r.GetInt64(0), Waited: !r.IsDBNull(1) && r.GetString(1).Length > 0), ("$c", conversationId), ("$s", sequence));
            if (found.Count == 0)
            {
                return null;
            }

            var (tokens, waited) = found[0];

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
                "UPDATE conversations SET message_count = message_count - 1, token_count = token_count - $t, updated_at = $u, pending_count = max(pending_count - $w, 0) WHERE id = $c",
                transaction,
                ("$t", tokens),
                ("$u", Now()),
                ("$w", waited ? 1 : 0),
                ("$c", conversationId));
            return new RemovalResult(1, 0, orphaned, RequireConversation(conversationId, transaction));
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredMessage>>(_ => Query($"SELECT {MessageColumns} FROM messages WHERE conversation_id = $c ORDER BY seq", null, MapMessage, ("$c", conversationId)), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredMessage> ReadNewestFirstAsync(string conversationId, int afterTurn, int? throughTurn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Pages, so the connection is not held while the caller works between messages. An answer's sequence is the one
        // its question kept free, so sequence order is turn order.
        var before = int.MaxValue;
        var through = throughTurn ?? int.MaxValue;
        while (true)
        {
            var page = await ReadAsync(
                _ => Query(
                    $"""
                    SELECT {MessageColumns} FROM messages
                    WHERE conversation_id = $c AND seq > $after AND seq <= $through AND seq < $before AND kind = 0 AND (pending IS NULL OR seq = $through)
                    ORDER BY seq DESC LIMIT {PageSize}
                    """,
                    null,
                    MapMessage,
                    ("$c", conversationId),
                    ("$after", afterTurn),
                    ("$through", through),
                    ("$before", before)),
                cancellationToken);
            foreach (var message in page)
            {
                yield return message;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            before = page[^1].Sequence;
        }
    }

    /// <inheritdoc />
    public Task<(int Count, long Tokens)> MeasureAsync(string conversationId, int afterTurn, int? throughTurn = null, CancellationToken cancellationToken = default) => ReadAsync(
        _ => Query(
            "SELECT count(*), coalesce(sum(token_count), 0) FROM messages WHERE conversation_id = $c AND seq > $after AND seq <= $through AND kind = 0 AND (pending IS NULL OR seq = $through)",
            null,
            r => (r.GetInt32(0), r.GetInt64(1)),
            ("$c", conversationId),
            ("$after", afterTurn),
            ("$through", throughTurn ?? int.MaxValue))[0],
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMessage>> GetUnansweredQuestionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredMessage>>(
            // Newest first, and no further than the questions still waited on (in progress here or elsewhere, or orphaned
            // and not yet reported): none, and nothing is read.
            _ => Query(
                $"SELECT {MessageColumns} FROM messages WHERE conversation_id = $c AND pending <> '' ORDER BY seq DESC LIMIT (SELECT pending_count FROM conversations WHERE id = $c)",
                null,
                MapMessage,
                ("$c", conversationId)),
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
                    if (Execute("UPDATE messages SET pending = '' WHERE conversation_id = $c AND seq = $s AND pending <> ''", transaction, ("$c", conversationId), ("$s", sequence)) > 0)
                    {
                        Execute("UPDATE conversations SET pending_count = max(pending_count - 1, 0) WHERE id = $c", transaction, ("$c", conversationId));
                    }
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

        // The sequence is taken inside the write transaction, so concurrent appenders get distinct numbers. A question
        // that awaits its answer keeps the next one free for it; the answer takes that one (unless a sequence was given).
        var answerSlot = draft.ReplyTo is { } question && sequence is null ? question + 1 : (int?)null;
        var pendingAnswer = answerSlot is { } slot && Query("SELECT 1 FROM messages WHERE conversation_id = $c AND seq = $s", transaction, r => r.GetInt32(0), ("$c", conversationId), ("$s", slot)).Count == 0;
        var seq = Query(
            """
            UPDATE conversations SET
                next_seq = max(next_seq, coalesce($seq, next_seq) + $step),
                message_count = message_count + 1,
                token_count = token_count + $t,
                updated_at = max(updated_at, $now),
                title = coalesce(title, $title),
                pending_count = pending_count + $pending
            WHERE id = $c
            RETURNING coalesce($seq, next_seq - $step)
            """,
            transaction,
            r => r.GetInt32(0),
            ("$seq", sequence ?? (pendingAnswer ? answerSlot : null)),
            ("$step", draft.AwaitsAnswer ? 2 : 1),
            ("$pending", draft.AwaitsAnswer ? 1 : 0),
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
        if (draft.ReplyTo is { } answered
            && Execute("UPDATE messages SET pending = NULL WHERE conversation_id = $c AND seq = $q AND pending <> ''", transaction, ("$c", conversationId), ("$q", answered)) > 0)
        {
            // The answer lands: its question stops waiting, in the same transaction.
            Execute("UPDATE conversations SET pending_count = max(pending_count - 1, 0) WHERE id = $c", transaction, ("$c", conversationId));
        }

        if (draft.Usage is { } usage)
        {
            InsertUsage(usage, conversationId, transaction);
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
