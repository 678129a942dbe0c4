namespace Aide.Health.Recovery;

/// <summary>Builds <see cref="IRecoveryStrategy"/> instances from delegates, and the built-in repairs.</summary>
public static class RecoveryStrategy
{
    /// <summary>A strategy that runs a delegate.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="recover">The repair.</param>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy From(string name, Func<CancellationToken, ValueTask> recover) => new Delegated(name, recover);

    /// <summary>A full, compacting garbage collection (for memory pressure).</summary>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy ForceGc() => From("force-gc", _ =>
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return default;
    });

    /// <summary>Removes expired entries from the response cache (frees memory and disk).</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy TrimCache(Caching.ResponseCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return From("trim-cache", _ =>
        {
            cache.SweepExpired();
            return default;
        });
    }

    /// <summary>Checkpoints an SQLite database's write-ahead log and rebuilds its indexes (repairs index damage).</summary>
    /// <param name="path">The database file.</param>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy ReindexStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return From("reindex-store", async ct =>
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 2000; PRAGMA wal_checkpoint(TRUNCATE); REINDEX;";
            await command.ExecuteNonQueryAsync(ct);
        });
    }

    private sealed class Delegated(string name, Func<CancellationToken, ValueTask> recover) : IRecoveryStrategy
    {
        public string Name { get; } = name;

        public ValueTask RecoverAsync(CancellationToken cancellationToken) => recover(cancellationToken);
    }
}
