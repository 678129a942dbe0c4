using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Caching.Disk;

/// <summary>Invalidation, sweeping, statistics and export.</summary>
internal sealed partial class DiskTier
{
    public RemovedEntry? Remove(string key) =>
        RemoveWhere("key = $key", ("$key", key)) is [var removed] ? removed : null;

    public List<RemovedEntry> RemoveByTag(string tag) =>
        RemoveWhere("id IN (SELECT entry FROM tags WHERE tag = $tag)", ("$tag", tag));

    public List<RemovedEntry> RemoveByPrefix(string prefix) =>
        RemoveWhere("substr(key, 1, length($prefix)) = $prefix", ("$prefix", prefix));

    /// <summary>Deletes the entries whose expiry has passed, oldest expiry first, at most <paramref name="limit"/> per call.</summary>
    public List<RemovedEntry> SweepExpired(long nowTicks, int limit)
    {
        Flush();
        var removed = RemoveWhere(
            "id IN (SELECT id FROM entries WHERE expires <= $now ORDER BY expires LIMIT $limit)",
            ("$now", nowTicks),
            ("$limit", limit));
        if (removed.Count > 0)
        {
            Execute("UPDATE meta SET value = value + $n WHERE name = 'expired'", null, ("$n", removed.Count));
        }

        return removed;
    }

    public (long Count, long Bytes) Clear()
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var count = Scalar<long>("SELECT count(*) FROM entries", transaction);
        var bytes = Counter("stored_bytes", transaction);
        Execute("DELETE FROM entries", transaction);
        transaction.Commit();
        _pendingAccess.Clear();
        return (count, bytes);
    }

    /// <summary>Renews a sliding expiry without reading the value (IDistributedCache.Refresh).</summary>
    public bool Touch(string key, long nowTicks)
    {
        var exists = Scalar<long>("SELECT count(*) FROM entries WHERE key = $key AND expires > $now", null, ("$key", key), ("$now", nowTicks)) > 0;
        if (exists)
        {
            RecordAccess(key, nowTicks, reads: 0);
        }

        return exists;
    }

    public DiskCounters ReadCounters()
    {
        Flush();
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = Command("SELECT name, value FROM meta", null))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                meta[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var byCodec = new Dictionary<CacheCodec, long>();
        var ratioByCodec = new Dictionary<CacheCodec, double>();
        long entries = 0;
        using (var command = Command("SELECT codec, count(*), sum(stored_size), sum(original_size) FROM entries GROUP BY codec", null))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var codec = (CacheCodec)reader.GetInt32(0);
                byCodec[codec] = reader.GetInt64(1);
                entries += reader.GetInt64(1);
                var original = reader.GetInt64(3);
                ratioByCodec[codec] = original == 0 ? 1 : (double)reader.GetInt64(2) / original;
            }
        }

        var fileBytes = Scalar<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", null);
        return new DiskCounters(
            entries,
            meta.GetValueOrDefault("stored_bytes"),
            meta.GetValueOrDefault("original_bytes"),
            meta.GetValueOrDefault("memory_hits"),
            meta.GetValueOrDefault("disk_hits"),
            meta.GetValueOrDefault("misses"),
            meta.GetValueOrDefault("corrupt"),
            meta.GetValueOrDefault("evicted"),
            meta.GetValueOrDefault("expired"),
            byCodec,
            fileBytes)
        {
            CompressionRatioByCodec = ratioByCodec,
        };
    }

    /// <summary>Reads entries in id order, a page at a time, with their tags (for export).</summary>
    public List<(DiskRow Row, string[] Tags)> ReadPage(long afterId, int limit)
    {
        var page = new List<(DiskRow, string[])>();
        using (var command = Command("SELECT id, key, data, created, absolute, sliding, accessed FROM entries WHERE id > $after ORDER BY id LIMIT $limit", null, ("$after", afterId), ("$limit", limit)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var lifetime = new EntryLifetime(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
                page.Add((new DiskRow(reader.GetInt64(0), reader.GetString(1), Blob(reader, 2), lifetime), []));
            }
        }

        for (var i = 0; i < page.Count; i++)
        {
            var tags = new List<string>();
            using var command = Command("SELECT tag FROM tags WHERE entry = $id ORDER BY tag", null, ("$id", page[i].Item1.Id));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tags.Add(reader.GetString(0));
            }

            page[i] = (page[i].Item1, [.. tags]);
        }

        return page;
    }

    private List<RemovedEntry> RemoveWhere(string condition, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var removed = Rows($"DELETE FROM entries WHERE {condition} RETURNING id, key, stored_size, created", transaction, parameters)
            .Select(r => r.Entry)
            .ToList();
        transaction.Commit();
        foreach (var entry in removed)
        {
            _pendingAccess.Remove(entry.Key);
        }

        return removed;
    }

    private List<(long Id, RemovedEntry Entry)> Rows(string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, transaction, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, RemovedEntry)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), new RemovedEntry(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3))));
        }

        return rows;
    }

    private long Counter(string name, SqliteTransaction? transaction) =>
        Scalar<long>("SELECT value FROM meta WHERE name = $name", transaction, ("$name", name));

    private SqliteCommand Command(string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        SqliteStatements.Command(_connection, sql, transaction, parameters);

    private void Execute(string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        _statements.Execute(sql, transaction, parameters);

    private T Scalar<T>(string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        _statements.Scalar<T>(sql, transaction, parameters);

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        SqliteStatements.Execute(connection, sql, transaction);

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        SqliteStatements.Scalar<T>(connection, sql, transaction);
}
