using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>
/// Checkpoints a busy write-ahead log on a thread-pool thread, through a second connection, so that commits neither
/// pay for the checkpoint nor for a log that keeps growing. SQLite's own automatic checkpoint runs inside whichever
/// commit crosses its threshold (a 10+ ms append). A log that is not checkpointed grows on every commit, and a commit
/// that grows the file must also wait for the file system's journal in its fsync. Checkpointed completely, the log
/// restarts from its beginning and the next commits overwrite blocks the file already has. SQLite has no background
/// checkpointer; this is the arrangement its documentation suggests (a separate thread calling
/// <c>wal_checkpoint</c>), plus the owner's gate for the last few frames.
/// </summary>
/// <remarks>
/// The log restarts only when a commit begins while every frame is checkpointed. A checkpoint running beside
/// back-to-back commits never sees that moment, so the bulk of the work is done beside them (PASSIVE, which never
/// waits), and a second pass copies the few frames committed meanwhile while holding the owner's gate, which keeps the
/// owner's next commit waiting for that short pass only.
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly string _path;
    private readonly TimeSpan _lockTimeout;
    private readonly int _commitsPerCheckpoint;
    private readonly SemaphoreSlim _ownerGate;
    private readonly Lock _lock = new();
    private SqliteConnection? _connection;
    private Task? _running;
    private int _commits;
    private bool _failed;
    private bool _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="lockTimeout">How long the checkpointer's connection waits for other processes' locks when it opens.</param>
    /// <param name="commitsPerCheckpoint">Commits through the owning connection between two checkpoints.</param>
    /// <param name="ownerGate">The gate the owner holds around every use of its connection.</param>
    public WalCheckpointer(string path, TimeSpan lockTimeout, int commitsPerCheckpoint, SemaphoreSlim ownerGate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commitsPerCheckpoint, 1);
        _path = path;
        _lockTimeout = lockTimeout;
        _commitsPerCheckpoint = commitsPerCheckpoint;
        _ownerGate = ownerGate;
    }

    /// <summary>Gets a task that completes when no checkpoint is running (for tests: the pool may start one late).</summary>
    public Task Idle
    {
        get
        {
            lock (_lock)
            {
                return _running ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// Counts one commit, called by the owner while it holds its gate; every <c>commitsPerCheckpoint</c>-th commit
    /// starts a checkpoint unless one is still running.
    /// </summary>
    public void Committed()
    {
        if (++_commits < _commitsPerCheckpoint)
        {
            return;
        }

        lock (_lock)
        {
            if (_disposed || _failed || _running is { IsCompleted: false })
            {
                return;
            }

            _commits = 0;
            _running = Task.Run(Checkpoint);
        }
    }

    /// <summary>Waits for a running checkpoint and closes the checkpointer's connection. Call it without holding the owner's gate.</summary>
    public void Dispose()
    {
        Task? running;
        lock (_lock)
        {
            _disposed = true;
            running = _running;
        }

        // Checkpoint never throws; waiting here keeps its connection from being closed under it.
        running?.Wait();
        _connection?.Dispose();
    }

    private void Checkpoint()
    {
        try
        {
            if (_connection is null)
            {
                _connection = PrivateSqlite.Open(_path, _lockTimeout);
                PrivateSqlite.KeepWalOnClose(_connection);
            }

            Pass();
            _ownerGate.Wait();
            try
            {
                Pass();
            }
            finally
            {
                _ownerGate.Release();
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Busy or SqliteCodes.Locked)
        {
            // Another process is checkpointing (aide closing a grown log) or holds a lock: the next round will do.
        }
        catch (Exception)
        {
            // Best effort, and nothing could catch it on a pool thread: SQLite's automatic checkpoint still bounds the log.
            _failed = true;
        }
    }

    /// <summary>
    /// One PASSIVE checkpoint: it copies what no reader still needs and never waits. Whatever it leaves (frames
    /// committed meanwhile, or still read by another process) the next pass or checkpoint copies.
    /// </summary>
    private void Pass() => SqliteStatements.Execute(_connection!, "PRAGMA wal_checkpoint(PASSIVE)");
}
