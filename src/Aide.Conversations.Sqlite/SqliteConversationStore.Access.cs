using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>Connection access, commands and row mapping.</summary>
public sealed partial class SqliteConversationStore
{
    private const string ConversationColumns = "id, name, title, model, created_at, updated_at, message_count, token_count, branched_from, branched_at";
    private const string MessageColumns = "id, seq, role, content, token_count, created_at, kind, summarized_through, metadata, reply_to, pending";
    private const string ItemColumns = "id, conversation_id, kind, content, priority, relevance, pinned, expires_at, created_at, token_count";
    private const string EntityColumns = "entity_id, kind, text, mentions, first_seen, last_seen";

    /// <summary>One operation at a time on the connection; SQLite errors become <see cref="ConversationStoreException"/>s.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return work(_connection);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, Path, _options);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction: all of it is saved, or none.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) => WriteAsync(work, sync: true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction; with <paramref name="sync"/> off its commit is not flushed to
    /// disk by itself but by the next synced commit (a WAL fsync covers every frame before it). For writes whose loss in
    /// a power cut loses nothing the user keeps (creating an empty conversation) or that a synced write follows
    /// shortly (a question before its answer: <see cref="MessageDraft.DeferFlush"/>).
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, bool sync, CancellationToken cancellationToken) => ReadAsync(
        connection =>
        {
            _checkpointer.BeforeWrite(connection);
            var relax = !sync && _options.SyncEveryCommit;
            if (relax)
            {
                Execute("PRAGMA synchronous = NORMAL", null);
            }

            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = work(transaction);
                cancellationToken.ThrowIfCancellationRequested();
                transaction.Commit();
                _checkpointer.Committed();
                return result;
            }
            finally
            {
                if (relax)
                {
                    Execute("PRAGMA synchronous = FULL", null);
                }
            }
        },
        cancellationToken);

    /// <summary>Runs a query through the connection's prepared statements (kept for its lifetime: <see cref="StatementCache"/>).</summary>
    private List<T> Query<T>(string sql, SqliteTransaction? transaction, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var reader = _statements.Reader(sql, transaction, parameters);
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(map(reader));
        }

        return result;
    }

    private int Execute(string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        _statements.Execute(sql, transaction, parameters);

    private ConversationInfo? GetConversation(string column, string value, SqliteTransaction? transaction) =>
        Query($"SELECT {ConversationColumns} FROM conversations WHERE {column} = $v", transaction, MapConversation, ("$v", value)).FirstOrDefault();

    private ConversationInfo RequireConversation(string id, SqliteTransaction? transaction) =>
        GetConversation("id", id, transaction) ?? throw new ConversationStoreException(ConversationStoreError.NotFound, $"There is no conversation with id {id}; it may have been deleted by another process.");

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <remarks>
    /// From <see cref="Guid.NewGuid"/>'s random bytes (the OS generator): <c>RandomNumberGenerator</c> would first load and
    /// initialise OpenSSL, ~6 ms of a Native AOT <c>aide ask</c> (strace), for 48 random bits.
    /// </remarks>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        return Convert.ToHexStringLower(bytes[..6]);
    }

    private static ConversationInfo MapConversation(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        Time(r.GetInt64(4)),
        Time(r.GetInt64(5)),
        r.GetInt32(6),
        r.GetInt64(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetInt32(9));

    private static StoredMessage MapMessage(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetInt32(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt32(4),
        Time(r.GetInt64(5)),
        (MessageKind)r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetInt32(7),
        r.IsDBNull(8) ? null : MetadataJson.Read(r.GetString(8)))
    {
        ReplyTo = r.IsDBNull(9) ? null : r.GetInt32(9),
        Unanswered = !r.IsDBNull(10),
        AnsweringProcess = r.IsDBNull(10) || r.GetString(10).Length == 0 ? null : r.GetString(10),
    };

    private static ContextItem MapItem(SqliteDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        (ContextItemKind)r.GetInt32(2),
        r.GetString(3),
        r.GetInt32(4),
        r.GetDouble(5),
        r.GetInt64(6) != 0,
        r.IsDBNull(7) ? null : Time(r.GetInt64(7)),
        Time(r.GetInt64(8)),
        r.GetInt32(9));

    private static TrackedEntity MapEntity(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), Time(r.GetInt64(4)), Time(r.GetInt64(5)));

    private static string? SerializeMetadata(IReadOnlyDictionary<string, string>? metadata) => MetadataJson.Write(metadata);
}
