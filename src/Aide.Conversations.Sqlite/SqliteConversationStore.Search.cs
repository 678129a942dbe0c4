using System.Text;
using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>Full-text search with SQLite's FTS5: the index catches up with new messages when a search runs.</summary>
public sealed partial class SqliteConversationStore : IConversationSearch
{
    // Marks around matches in FTS5's snippet, taken out again; characters a message does not hold in practice.
    private const char MatchStart = '\u0002';
    private const char MatchEnd = '\u0003';

    /// <summary>Messages indexed per transaction while catching up, so a first search over a large history holds the write lock briefly each time.</summary>
    private const int IndexBatch = 5000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationSearchHit>> SearchAsync(string text, int limit, string? conversationName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var query = MatchExpression(text);
        while (await WriteAsync(IndexNewMessages, sync: false, cancellationToken) == IndexBatch)
        {
        }

        return await ReadAsync(
            _ => Query(
                $"""
                SELECT c.name, m.seq, m.id, m.role, m.created_at, snippet(message_search, 0, char({(int)MatchStart}), char({(int)MatchEnd}), '…', 24), -bm25(message_search)
                FROM message_search JOIN messages m ON m.rowid = message_search.rowid JOIN conversations c ON c.id = m.conversation_id
                WHERE message_search MATCH $query AND ($name IS NULL OR c.name = $name)
                ORDER BY bm25(message_search) LIMIT $limit
                """,
                null,
                r => Hit(r),
                ("$query", query),
                ("$name", conversationName),
                ("$limit", limit)),
            cancellationToken);
    }

    /// <summary>Indexes up to <see cref="IndexBatch"/> messages past the mark; returns how many.</summary>
    private int IndexNewMessages(SqliteTransaction transaction)
    {
        var mark = Query("SELECT indexed_rowid FROM message_search_state", transaction, r => r.GetInt64(0))[0];
        var last = Query(
            "SELECT max(rowid), count(*) FROM (SELECT rowid FROM messages WHERE rowid > $mark ORDER BY rowid LIMIT $n)",
            transaction,
            r => (Last: r.IsDBNull(0) ? mark : r.GetInt64(0), Count: r.GetInt32(1)),
            ("$mark", mark),
            ("$n", IndexBatch))[0];
        if (last.Count == 0)
        {
            return 0;
        }

        // A row past the mark may be indexed already (the mark stepped back after a delete): replaced, not doubled.
        Execute("DELETE FROM message_search WHERE rowid > $mark AND rowid <= $last", transaction, ("$mark", mark), ("$last", last.Last));
        Execute(
            "INSERT INTO message_search(rowid, content) SELECT rowid, content FROM messages WHERE rowid > $mark AND rowid <= $last AND kind = 0",
            transaction,
            ("$mark", mark),
            ("$last", last.Last));
        Execute("UPDATE message_search_state SET indexed_rowid = $last", transaction, ("$last", last.Last));
        return last.Count;
    }

    /// <summary>
    /// The user's words as an FTS5 expression: each a quoted string (so quotes, dashes and words such as NOT are text,
    /// never syntax), all required; a trailing <c>*</c> keeps its prefix meaning.
    /// </summary>
    internal static string MatchExpression(string text)
    {
        var expression = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = word.Length > 1 && word.EndsWith('*');
            var bare = (prefix ? word[..^1] : word).Replace("\"", "\"\"", StringComparison.Ordinal);
            if (bare.Any(char.IsLetterOrDigit))
            {
                expression.Append(expression.Length == 0 ? string.Empty : " ").Append('"').Append(bare).Append('"').Append(prefix ? "*" : string.Empty);
            }
        }

        return expression.Length > 0 ? expression.ToString() : throw new ArgumentException("Give at least one word to search for.", nameof(text));
    }

    private static ConversationSearchHit Hit(SqliteDataReader r)
    {
        var marked = r.GetString(5);
        var snippet = new StringBuilder(marked.Length);
        var matches = new List<Range>();
        var start = -1;
        foreach (var c in marked)
        {
            if (c == MatchStart)
            {
                start = snippet.Length;
            }
            else if (c == MatchEnd && start >= 0)
            {
                matches.Add(new Range(start, snippet.Length));
                start = -1;
            }
            else
            {
                snippet.Append(c);
            }
        }

        return new ConversationSearchHit(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Time(r.GetInt64(4)), snippet.ToString(), matches, r.GetDouble(6));
    }
}
