using System.IO.Hashing;
using System.Runtime.InteropServices;
using Aide.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Aide.Conversations.Tokens;

/// <summary>
/// Remembers token counts by counter and text hash (XxHash128; the text itself is not stored) in a small SQLite file in
/// the cache folder, so asking a question again — or saving an answer the response cache replays — needs no tokenizer:
/// loading the o200k encoding costs ~370 ms of a cached <c>aide ask</c> (perf, Native AOT), a lookup ~20 µs.
/// It is a cache: a damaged, locked or missing file only turns it off (counts are then computed as usual), and past
/// <see cref="MaxFileBytes"/> it starts empty again.
/// </summary>
internal sealed class TokenCountMemo : IDisposable
{
    /// <summary>Past this size (≈150,000 counts) the file is emptied at the next open.</summary>
    public const long MaxFileBytes = 8L << 20;

    private readonly Lock _gate = new();
    private readonly ILogger? _logger;
    private SqliteConnection? _connection;
    private SqliteCommand? _select;
    private SqliteCommand? _insert;

    private TokenCountMemo(SqliteConnection? connection, ILogger? logger)
    {
        _connection = connection;
        _logger = logger;
        if (connection is not null)
        {
            _select = Command(connection, "SELECT tokens FROM counts WHERE counter = $c AND hash = $h");
            _insert = Command(connection, "INSERT OR REPLACE INTO counts (counter, hash, tokens) VALUES ($c, $h, $t)");
            _insert.Parameters.Add("$t", SqliteType.Integer);
        }
    }

    /// <summary>Gets whether the memo is working (false after any storage error).</summary>
    public bool IsEnabled => _connection is not null;

    /// <summary>Opens (or creates, 0600) the memo file; never throws: a file that cannot be used gives a disabled memo.</summary>
    public static TokenCountMemo Open(string path, ILogger? logger = null)
    {
        try
        {
            if (File.Exists(path) && new FileInfo(path).Length > MaxFileBytes)
            {
                File.Delete(path);
            }

            var connection = PrivateSqlite.Open(path, TimeSpan.FromMilliseconds(200));
            try
            {
                // A cache: losing the last writes on power loss costs a recount, so no fsync per insert.
                SqliteStatements.Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; " +
                    "CREATE TABLE IF NOT EXISTS counts (counter TEXT NOT NULL, hash BLOB NOT NULL, tokens INTEGER NOT NULL, PRIMARY KEY (counter, hash)) WITHOUT ROWID");
                PrivateSqlite.KeepWalOnClose(connection);
                return new TokenCountMemo(connection, logger);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            Disabled(logger, path, ex);
            return new TokenCountMemo(null, logger);
        }
    }

    public bool TryGet(string counter, ReadOnlySpan<char> text, out int tokens)
    {
        tokens = 0;
        lock (_gate)
        {
            if (_select is null)
            {
                return false;
            }

            try
            {
                Bind(_select, counter, text);
                var value = _select.ExecuteScalar();
                if (value is long count)
                {
                    tokens = (int)count;
                    return true;
                }

                return false;
            }
            catch (SqliteException ex)
            {
                Disable(ex);
                return false;
            }
        }
    }

    public void Put(string counter, ReadOnlySpan<char> text, int tokens)
    {
        lock (_gate)
        {
            if (_insert is null)
            {
                return;
            }

            try
            {
                Bind(_insert, counter, text);
                _insert.Parameters["$t"].Value = tokens;
                _insert.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                Disable(ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_connection is not null)
            {
                PrivateSqlite.CheckpointGrownLog(_connection);
            }

            Close();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$c", SqliteType.Text);
        command.Parameters.Add("$h", SqliteType.Blob);
        return command;
    }

    private static void Bind(SqliteCommand command, string counter, ReadOnlySpan<char> text)
    {
        command.Parameters["$c"].Value = counter;
        command.Parameters["$h"].Value = XxHash128.Hash(MemoryMarshal.AsBytes(text));
    }

    private void Disable(SqliteException ex)
    {
        Disabled(_logger, _connection?.DataSource ?? "token-count memo", ex);
        Close();
    }

    /// <summary>Releases the connection and its commands; callers hold <see cref="_gate"/>.</summary>
    private void Close()
    {
        _select?.Dispose();
        _insert?.Dispose();
        _connection?.Dispose();
        _select = _insert = null;
        _connection = null;
    }

    private static void Disabled(ILogger? logger, string path, Exception ex)
    {
        if (logger is not null)
        {
            Diagnostics.Log.TokenMemoDisabled(logger, path, ex.Message);
        }
    }
}
