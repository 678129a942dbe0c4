using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>Context items: notes, preferences, facts… beyond the messages.</summary>
public sealed partial class SqliteConversationStore
{
    /// <inheritdoc />
    public Task<ContextItem> AddItemAsync(ContextItemDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return WriteAsync(
            transaction =>
            {
                if (draft.ConversationId is { } id)
                {
                    RequireConversation(id, transaction);
                }

                return InsertItem(draft, transaction, null);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ContextItem?> RemoveItemAsync(string itemId, CancellationToken cancellationToken = default) => WriteAsync(
        transaction =>
        {
            var item = GetItem(itemId, transaction);
            if (item is not null)
            {
                Execute("DELETE FROM items WHERE id = $id", transaction, ("$id", item.Id));
            }

            return item;
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<ContextItem?> SetPinnedAsync(string itemId, bool pinned, CancellationToken cancellationToken = default) => WriteAsync(
        transaction =>
        {
            Execute("UPDATE items SET pinned = $p WHERE id = $id", transaction, ("$p", pinned ? 1 : 0), ("$id", itemId.ToLowerInvariant()));
            return GetItem(itemId, transaction);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ContextItem>> GetItemsAsync(string? conversationId, CancellationToken cancellationToken = default) => ReadAsync<IReadOnlyList<ContextItem>>(
        _ => Query(
            $"SELECT {ItemColumns} FROM items WHERE conversation_id IS NULL OR conversation_id = $c ORDER BY pinned DESC, priority DESC, relevance DESC, created_at",
            null,
            MapItem,
            ("$c", conversationId)),
        cancellationToken);

    private ContextItem? GetItem(string itemId, SqliteTransaction transaction) =>
        Query($"SELECT {ItemColumns} FROM items WHERE id = $id", transaction, MapItem, ("$id", itemId.ToLowerInvariant())).FirstOrDefault();

    private ContextItem InsertItem(ContextItemDraft draft, SqliteTransaction transaction, long? createdAt)
    {
        var id = NewId();
        Execute(
            $"INSERT INTO items({ItemColumns}) VALUES($id, $c, $k, $x, $p, $r, $pin, $exp, $now, $t)",
            transaction,
            ("$id", id),
            ("$c", draft.ConversationId),
            ("$k", (int)draft.Kind),
            ("$x", draft.Content),
            ("$p", Math.Clamp(draft.Priority, 0, 100)),
            ("$r", Math.Clamp(draft.Relevance, 0, 1)),
            ("$pin", draft.Pinned ? 1 : 0),
            ("$exp", draft.ExpiresAt?.ToUnixTimeMilliseconds()),
            ("$now", createdAt ?? Now()),
            ("$t", draft.TokenCount));
        return GetItem(id, transaction)!;
    }
}
