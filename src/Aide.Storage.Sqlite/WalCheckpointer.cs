using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>
/// Checkpoints a busy write-ahead log on a thread-pool thread, through a second connection, so that commits neither
/// pay for the checkpoint nor for a log that keeps growing. SQLite's own automatic checkpoint runs inside whichever
/// commit crosses its threshold (a 10+ ms append). A log that is not checkpointed grows on every commit, and a commit
/// that grows the file must also wait for the file system's journal in its fsync. Checkpointed completely, the log
/// restarts from its beginning and the next commits overwrite blocks the file already has. SQLite has no background
/// checkpointer; this is the arrangement its documentation suggests (a separate thread calling
/// <c>wal_checkpoint</c>), plus a short last pass by the owner.
/// </summary>
/// <remarks>
/// The log restarts only when a commit begins while every frame is checkpointed. A checkpoint running beside
/// back-to-back commits never sees that moment, so the bulk of the work is done beside them (PASSIVE passes, which
/// never wait, repeated while the commits made meanwhile are many), and the owner copies the few frames left on its
/// own connection just before its next write, which then restarts the log. Handing that last pass to the owner keeps
/// it to one short pass in one commit: an earlier version took the owner's gate from the pool thread and could wait
/// 20 ms for it behind back-to-back commits, by which time the pass it then ran under the gate had grown to 3-10 ms.
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Frames (about one commit's pages each) left uncopied below which the background stops passing.</summary>
    private const int FramesLeftForOwner = 64;

    /// <summary>Background passes per checkpoint at most, in case the commits outrun the copying.</summary>
    private const int MaxPasses = 4;

    private readonly string _path;
    private readonly TimeSpan _lockTimeout;
    private readonly int _commitsPerCheckpoint;
    private readonly Lock _lock = new();
    private SqliteConnection? _connection;
    private Task? _running;
    private int _commits;
    private volatile bool _ownerPassDue;
    private bool _failed;
    private bool _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="lockTimeout">How long the checkpointer's connection waits for other processes' locks when it opens.</param>
    /// <param name="commitsPerCheckpoint">Commits through the owning connection between two checkpoints.</param>
    public WalCheckpointer(string path, TimeSpan lockTimeout, int commitsPerCheckpoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commitsPerCheckpoint, 1);
        _path = path;
        _lockTimeout = lockTimeout;
        _commitsPerCheckpoint = commitsPerCheckpoint;
    }

    /// <summary>Gets a task that completes when no background pass is running (for tests: the pool may start one late).</summary>
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
    /// Called by the owner before each write transaction, holding its gate and outside any transaction: after a
    /// background checkpoint, copies the frames committed meanwhile, so that the write about to begin restarts the log.
    /// </summary>
    public void BeforeWrite(SqliteConnection owner)
    {
        if (!_ownerPassDue)
        {
            return;
        }

        _ownerPassDue = false;
        try
        {
            Pass(owner);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Busy or SqliteCodes.Locked)
        {
            // Another process is checkpointing or reading an old snapshot: the log restarts after a later round.
        }
        catch (SqliteException)
        {
            // Never the write's failure: the write reports its own errors, if any. SQLite's automatic checkpoint still
            // bounds the log, so the background checkpoint stops here as it does when it fails itself.
            _failed = true;
        }
    }

    /// <summary>
    /// Counts one commit, called by the owner while it holds its gate; every <c>commitsPerCheckpoint</c>-th commit
    /// starts a background checkpoint unless one is still running.
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
            _running = Task.Run(CheckpointInBackground);
        }
    }

    /// <summary>Waits for a running background pass and closes the checkpointer's connection. Call it before the owner closes its own connection.</summary>
    public void Dispose()
    {
        Task? running;
        lock (_lock)
        {
            _disposed = true;
            running = _running;
        }

        // The background pass never throws; waiting here keeps its connection from being closed under it.
        running?.Wait();
        _connection?.Dispose();
    }

    private void CheckpointInBackground()
    {
        try
        {
            if (_connection is null)
            {
                _connection = PrivateSqlite.Open(_path, _lockTimeout);
                PrivateSqlite.KeepWalOnClose(_connection);
            }

            var left = Pass(_connection);
            for (var pass = 1; pass < MaxPasses && left > FramesLeftForOwner; pass++)
            {
                left = Pass(_connection);
            }

            _ownerPassDue = true;
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
    /// <returns>The frames in the log that are not copied into the database yet.</returns>
    private static long Pass(SqliteConnection connection)
    {
        using var command = SqliteStatements.Command(connection, "PRAGMA wal_checkpoint(PASSIVE)", null);
        using var reader = command.ExecuteReader();

        // One row: busy (always 0 for PASSIVE), frames in the log, frames copied (-1 and -1 outside WAL mode).
        return reader.Read() ? Math.Max(0, reader.GetInt64(1) - reader.GetInt64(2)) : 0;
    }
}
