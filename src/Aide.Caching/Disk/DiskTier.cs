using Aide.Caching.Format;
using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Caching.Disk;

/// <summary>
/// The disk tier: one SQLite file shared safely by every process, with a rollback journal and no fsyncs
/// (<see cref="PrivateSqlite.UseRollbackJournal"/>: a killed process loses nothing; a power cut during a write can damage
/// the file, which is then set aside, see <see cref="SetAside"/>). Values are stored encoded (<see cref="EntryFormat"/>). Reads never write:
/// access times and hit counts are buffered and written in one transaction every <see cref="FlushEvery"/> accesses,
/// on a sweep, and on dispose. Not thread-safe by itself; <see cref="ResponseCache"/> serializes calls.
/// </summary>
internal sealed partial class DiskTier : IDisposable
{
    private const int FlushEvery = 512;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly StatementCache _statements;
    private readonly Dictionary<string, (long Ticks, int Reads)> _pendingAccess = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingCounters = new(StringComparer.Ordinal);

    private DiskTier(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _statements = new StatementCache(connection);
        _get = connection.CreateCommand();
        _get.CommandText = "SELECT id, data, created, absolute, sliding, accessed FROM entries WHERE key = $key";
        _get.Parameters.Add("$key", SqliteType.Text);
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the cache file. A file that is not a database is handed to <paramref name="setAside"/> and replaced.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or written.</exception>
    /// <exception cref="InvalidDataException">The file belongs to another application or a newer Aide.</exception>
    public static DiskTier Open(string path, TimeSpan lockTimeout, Action<string, string>? setAside = null)
    {
        path = System.IO.Path.GetFullPath(path);
        try
        {
            return new DiskTier(path, Connect(path, lockTimeout));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Corrupt or SqliteCodes.NotADatabase && File.Exists(path))
        {
            setAside?.Invoke(SetAside(path), ex.Message);
            return new DiskTier(path, Connect(path, lockTimeout));
        }
    }

    /// <summary>
    /// Moves a damaged cache file to <c>PATH.damaged</c> (kept for inspection; a cache can be rebuilt) and deletes its
    /// journal and log, so the next open starts an empty file instead of rolling an old journal into it. Another
    /// process that still has the old file open goes on with it undisturbed.
    /// </summary>
    /// <returns>Where the file went.</returns>
    public static string SetAside(string path)
    {
        var target = $"{path}.damaged";
        SqliteConnection.ClearAllPools();
        File.Move(path, target, overwrite: true);
        PrivateSqlite.DeleteJournals(path);
        return target;
    }

    public DiskRow? Get(string key)
    {
        _get.Parameters[0].Value = key;
        using var reader = _get.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var lifetime = new EntryLifetime(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        if (_pendingAccess.TryGetValue(key, out var pending) && pending.Ticks > lifetime.LastAccessTicks)
        {
            lifetime = lifetime.Touched(pending.Ticks);
        }

        return new DiskRow(reader.GetInt64(0), key, Blob(reader, 1), lifetime);
    }

    /// <summary>Stores an encoded entry with its tags, then evicts (by <paramref name="policy"/>) down to 90% of <paramref name="maxBytes"/> if it is over.</summary>
    public List<RemovedEntry> Put(string key, byte[] data, int originalSize, EntryLifetime lifetime, string[] tags, long maxBytes, CacheEvictionPolicy policy)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var id = Scalar<long>(
            """
            INSERT INTO entries(key, data, codec, original_size, stored_size, created, absolute, sliding, accessed, expires, hits)
            VALUES ($key, $data, $codec, $original, $stored, $created, $absolute, $sliding, $accessed, $expires, 0)
            ON CONFLICT(key) DO UPDATE SET data = excluded.data, codec = excluded.codec, original_size = excluded.original_size,
                stored_size = excluded.stored_size, created = excluded.created, absolute = excluded.absolute, sliding = excluded.sliding,
                accessed = excluded.accessed, expires = excluded.expires, hits = 0
            RETURNING id
            """,
            transaction,
            ("$key", key),
            ("$data", data),
            ("$codec", (int)EntryFormat.CodecOf(data)),
            ("$original", originalSize),
            ("$stored", data.Length),
            ("$created", lifetime.CreatedTicks),
            ("$absolute", lifetime.AbsoluteTicks),
            ("$sliding", lifetime.SlidingTicks),
            ("$accessed", lifetime.LastAccessTicks),
            ("$expires", lifetime.ExpiresTicks));
        Execute("DELETE FROM tags WHERE entry = $id", transaction, ("$id", id));
        foreach (var tag in tags)
        {
            Execute("INSERT OR IGNORE INTO tags(tag, entry) VALUES ($tag, $id)", transaction, ("$tag", tag), ("$id", id));
        }

        _pendingAccess.Remove(key);
        var evicted = new List<RemovedEntry>();
        if (Counter("stored_bytes", transaction) > maxBytes)
        {
            var order = policy == CacheEvictionPolicy.Lfu ? "hits, accessed" : "accessed";
            var target = maxBytes / 10 * 9;
            var stored = Counter("stored_bytes", transaction);
            while (stored > target)
            {
                var batch = Rows($"SELECT id, key, stored_size, created FROM entries WHERE id <> $id ORDER BY {order} LIMIT 64", transaction, ("$id", id));
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var (victimId, victim) in batch)
                {
                    Execute("DELETE FROM entries WHERE id = $id", transaction, ("$id", victimId));
                    evicted.Add(victim);
                    stored -= victim.Bytes;
                    if (stored <= target)
                    {
                        break;
                    }
                }
            }

            Execute("UPDATE meta SET value = value + $n WHERE name = 'evicted'", transaction, ("$n", evicted.Count));
        }

        transaction.Commit();
        return evicted;
    }

    /// <summary>Deletes one entry by row id (a damaged or expired one found by <see cref="Get"/>).</summary>
    public void Delete(long id, string counter)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        Execute("DELETE FROM entries WHERE id = $id", transaction, ("$id", id));
        Execute("UPDATE meta SET value = value + 1 WHERE name = $name", transaction, ("$name", counter));
        transaction.Commit();
    }

    /// <summary>Records a read: its time (for LRU and sliding expiry) and a hit, written later in a batch.</summary>
    public void RecordAccess(string key, long nowTicks, int reads = 1)
    {
        var pending = _pendingAccess.GetValueOrDefault(key);
        _pendingAccess[key] = (Math.Max(pending.Ticks, nowTicks), pending.Reads + reads);
        if (_pendingAccess.Count >= FlushEvery)
        {
            Flush();
        }
    }

    /// <summary>Adds to a lifetime counter (hits, misses…), written later in a batch. Nothing to add leaves nothing to write.</summary>
    public void Count(string counter, long delta = 1)
    {
        if (delta != 0)
        {
            _pendingCounters[counter] = _pendingCounters.GetValueOrDefault(counter) + delta;
        }
    }

    /// <summary>Writes buffered access times and counters in one transaction.</summary>
    public void Flush()
    {
        if (_pendingAccess.Count == 0 && _pendingCounters.Count == 0)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var (key, (ticks, reads)) in _pendingAccess)
        {
            Execute(
                """
                UPDATE entries SET accessed = max(accessed, $t), hits = hits + $reads,
                    expires = CASE WHEN sliding > 0 THEN min(CASE WHEN absolute > 0 THEN absolute ELSE 9223372036854775807 END, max(accessed, $t) + sliding) ELSE expires END
                WHERE key = $key
                """,
                transaction,
                ("$t", ticks),
                ("$reads", reads),
                ("$key", key));
        }

        foreach (var (name, delta) in _pendingCounters)
        {
            Execute("UPDATE meta SET value = value + $n WHERE name = $name", transaction, ("$n", delta), ("$name", name));
        }

        transaction.Commit();
        _pendingAccess.Clear();
        _pendingCounters.Clear();
    }

    public void Dispose()
    {
        try
        {
            Flush();
        }
        catch (SqliteException)
        {
            // Best effort on the way out: the buffered access times only order evictions.
        }
        finally
        {
            _get.Dispose();
            _statements.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>
    /// A blob column (NULL, from a foreign or damaged row, reads as empty and then fails the entry check). Not
    /// <c>GetFieldValue&lt;byte[]&gt;</c>: a generic virtual method, resolved at run time under Native AOT (~0.1 ms, perf).
    /// </summary>
    private static byte[] Blob(SqliteDataReader reader, int ordinal) => reader.GetValue(ordinal) as byte[] ?? [];

    private static SqliteConnection Connect(string path, TimeSpan lockTimeout)
    {
        var connection = PrivateSqlite.Open(path, lockTimeout);
        try
        {
            var version = SqliteSchema.CheckOwnership(connection, DiskSchema.ApplicationId, DiskSchema.Migrations.Length, (problem, value) => new InvalidDataException(problem switch
            {
                SchemaProblem.ForeignApplication => $"it is a SQLite database of another application (application_id {value}), left untouched",
                SchemaProblem.NewerVersion => $"it has schema version {value}, written by a newer Aide; this one knows up to {DiskSchema.Migrations.Length}",
                _ => "it is a SQLite database Aide did not create, left untouched",
            }));

            PrivateSqlite.UseRollbackJournal(connection);
            Execute(connection, "PRAGMA foreign_keys = ON");
            SqliteSchema.Migrate(connection, version, DiskSchema.ApplicationId, DiskSchema.Migrations);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
