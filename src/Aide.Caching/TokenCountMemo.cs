using System.IO.Hashing;
using System.Runtime.InteropServices;
using Aide.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Aide.Caching;

/// <summary>
/// Remembers token counts by counter and text hash (XxHash128; the text itself is not stored) in a small SQLite file in
/// the cache folder, so asking a question again — or saving an answer the response cache replays — needs no tokenizer:
/// loading the o200k encoding costs ~370 ms of a cached <c>aide ask</c> (perf, Native AOT), a lookup ~20 µs.
/// It is a cache: a damaged, locked or missing file only turns it off (counts are then computed as usual), and past
/// <see cref="MaxFileBytes"/> it starts empty again.
/// </summary>
public sealed class TokenCountMemo : IDisposable
{
    /// <summary>Past this size (≈150,000 counts) the file is emptied at the next open.</summary>
    public const long MaxFileBytes = 8L << 20;

    private readonly Lock _gate = new();
    private readonly ILogger? _logger;
    private SqliteConnection? _connection;
    private SqliteCommand? _select;
    private SqliteCommand? _insert;
    private StoreOpening? _opener;

    private TokenCountMemo(string path, ILogger? logger, StoreOpener opener)
    {
        _logger = logger;
        _opener = opener.Start(() => Connect(path));
    }

    /// <summary>Gets whether the memo is working (false after any storage error).</summary>
    public bool IsEnabled
    {
        get
        {
            _opener?.Wait();
            lock (_gate)
            {
                return _connection is not null;
            }
        }
    }

    /// <summary>
    /// Opens (or creates, 0600) the memo file through <paramref name="opener"/> (with a background one, ~0.4 ms of a cached
    /// <c>aide ask</c> overlaps its opening of the conversation); the first lookup waits for it. Never throws: a file that
    /// cannot be used gives a disabled memo.
    /// </summary>
    public static TokenCountMemo Open(string path, ILogger? logger = null, StoreOpener? opener = null) => new(path, logger, opener ?? StoreOpener.Inline);

    /// <summary>A counter that looks here first, and counts with <paramref name="counter"/> (remembering the count) only on a miss.</summary>
    /// <param name="counter">The real counter (e.g. <see cref="Conversations.Tokens.TokenCounters.ForModel"/>).</param>
    /// <returns>The remembering counter.</returns>
    public Conversations.Tokens.ITokenCounter Remembering(Conversations.Tokens.ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return new MemoizedTokenCounter(counter, this);
    }

    internal bool TryGet(string counter, ReadOnlySpan<char> text, out int tokens)
    {
        tokens = 0;
        _opener?.Wait();
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

    internal void Put(string counter, ReadOnlySpan<char> text, int tokens)
    {
        _opener?.Wait();
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

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _opener?.Wait();
        lock (_gate)
        {
            Close();
        }
    }

    /// <summary>Runs on the opening thread.</summary>
    private void Connect(string path)
    {
        try
        {
            if (File.Exists(path) && new FileInfo(path).Length > MaxFileBytes)
            {
                File.Delete(path);
                PrivateSqlite.DeleteJournals(path);
            }

            var connection = PrivateSqlite.Open(path, TimeSpan.FromMilliseconds(200));
            try
            {
                // A cache: losing the last writes on power loss costs a recount, so no fsync per insert.
                PrivateSqlite.UseRollbackJournal(connection);
                SqliteStatements.Execute(connection, "CREATE TABLE IF NOT EXISTS counts (counter TEXT NOT NULL, hash BLOB NOT NULL, tokens INTEGER NOT NULL, PRIMARY KEY (counter, hash)) WITHOUT ROWID");
                var select = Command(connection, "SELECT tokens FROM counts WHERE counter = $c AND hash = $h");
                var insert = Command(connection, "INSERT OR REPLACE INTO counts (counter, hash, tokens) VALUES ($c, $h, $t)");
                insert.Parameters.Add("$t", SqliteType.Integer);
                lock (_gate)
                {
                    (_connection, _select, _insert) = (connection, select, insert);
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (Exception ex)
        {
            // Nothing can catch an exception on this thread: any failure only turns the memo off.
            Disabled(_logger, path, ex);
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
            CacheLog.TokenMemoDisabled(logger, path, CacheLog.Reason(ex.Message));
        }
    }
}
