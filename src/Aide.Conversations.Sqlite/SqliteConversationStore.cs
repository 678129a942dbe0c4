using Aide.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Conversations.Store;

/// <summary>
/// Conversations in an embedded SQLite database (Microsoft.Data.Sqlite): WAL mode, so readers never block the writer;
/// every write one <c>BEGIN IMMEDIATE</c> transaction, so two processes appending to one conversation queue up
/// instead of losing a message; sequence numbers are handed out inside that transaction. The file is private to the
/// user (0600 in a 0700 folder). A file that is not a database is moved aside (never deleted, never overwritten) and
/// a new one started; a database from a newer Aide or of another application is refused untouched.
/// </summary>
public sealed partial class SqliteConversationStore : IConversationStore
{
    private readonly SqliteConnection _connection;
    private readonly StatementCache _statements;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly SqliteConversationStoreOptions _options;
    private readonly WalCheckpointer _checkpointer;

    /// <summary>What a restarted log is cut back to: above the ~20 MB that 512 commits of the append benchmark write.</summary>
    private const long LogSizeLimitBytes = 32L << 20;

    private SqliteConversationStore(string path, SqliteConnection connection, SqliteConversationStoreOptions options, TimeProvider time, string? setAside)
    {
        Path = path;
        _connection = connection;
        _statements = new StatementCache(connection);
        _options = options;
        _time = time;
        _checkpointer = new WalCheckpointer(path, options.LockTimeout, options.CommitsPerCheckpoint);
        SetAsideFile = setAside;
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Gets where a damaged database found at <see cref="Path"/> was moved when this store opened, if that happened.</summary>
    public string? SetAsideFile { get; }

    /// <summary>
    /// Gets the copy kept of a write-ahead log found damaged when this store opened: SQLite reads a log only up to its
    /// first bad frame, so committed turns after it are left out. The copy keeps them for <c>aide history doctor</c>.
    /// </summary>
    public string? DamagedLogCopy { get; private init; }

    /// <summary>Gets the default database file in a data folder: <c>conversations.db</c>.</summary>
    /// <param name="dataDirectory">Aide's data folder.</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "conversations.db");

    /// <summary>Opens (creating or migrating if needed) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">Lock wait and durability; defaults if <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    /// <param name="logger">Where the warning about a database moved aside goes.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ConversationStoreException">The file is locked, from a newer Aide, foreign, or cannot be opened.</exception>
    public static SqliteConversationStore Open(string path, SqliteConversationStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= new SqliteConversationStoreOptions();
        timeProvider ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(path))
        {
            throw new ConversationStoreException(
                ConversationStoreError.Unavailable,
                $"{path} is a folder, where the conversation database belongs. Move it away (Aide then starts a new database), or set XDG_DATA_HOME to another folder.");
        }

        string? setAside = null;
        var keptLog = KeepDamagedLog(path, timeProvider, logger);
        try
        {
            return new SqliteConversationStore(path, Connect(path, options), options, timeProvider, null) { DamagedLogCopy = keptLog };
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.NotADatabase or SqliteCodes.Corrupt)
        {
            setAside = MoveAside(path, timeProvider);
            StoreLog.ConversationStoreSetAside(logger, path, setAside, StoreLog.Reason(ex.Message));
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, path, options);
        }

        try
        {
            return new SqliteConversationStore(path, Connect(path, options), options, timeProvider, setAside) { DamagedLogCopy = keptLog };
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, path, options);
        }
    }

    /// <summary>Completes when no background checkpoint of the log is running (for tests).</summary>
    internal Task CheckpointIdle => _checkpointer.Idle;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // First: a background checkpoint still running would make the close-time checkpoint of a grown log busy.
        _checkpointer.Dispose();
        await _gate.WaitAsync();
        try
        {
            // The log stays between commands (KeepWalOnClose): a checkpoint on every close cost each aide ask four
            // fsyncs (log, database, and the folder twice as the log was deleted and created again).
            PrivateSqlite.CheckpointGrownLog(_connection);
            _statements.Dispose();
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private static SqliteConnection Connect(string path, SqliteConversationStoreOptions options)
    {
        var connection = PrivateSqlite.Open(path, options.LockTimeout);
        try
        {
            // Check whose file it is before changing anything in it (switching to WAL rewrites the header).
            var version = CheckOwnership(connection, path);
            var mode = Scalar<string>(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConversationStoreException(ConversationStoreError.Unavailable, $"The conversation database {path} cannot use write-ahead logging (journal mode is '{mode}'); is it on a network file system?");
            }

            Execute(connection, options.SyncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            Execute(connection, "PRAGMA foreign_keys = ON");

            // SQLite checkpoints the WAL into the database inside whichever commit crosses wal_autocheckpoint pages,
            // which put 10+ ms spikes into appends: here that is only a backstop, and WalCheckpointer checkpoints in
            // the background instead. The log then restarts from its beginning, and the size limit keeps the blocks it
            // already has (a commit that overwrites them syncs faster than one that grows the file).
            Execute(connection, "PRAGMA wal_autocheckpoint = 16000");
            Execute(connection, FormattableString.Invariant($"PRAGMA journal_size_limit = {LogSizeLimitBytes}"));
            PrivateSqlite.KeepWalOnClose(connection);
            SqliteSchema.Migrate(connection, version, StoreSchema.ApplicationId, StoreSchema.Migrations);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static long CheckOwnership(SqliteConnection connection, string path) =>
        SqliteSchema.CheckOwnership(connection, StoreSchema.ApplicationId, StoreSchema.Migrations.Length, (problem, value) => problem switch
        {
            SchemaProblem.ForeignApplication => new ConversationStoreException(ConversationStoreError.Corrupt, $"{path} is a SQLite database of another application (application_id {value}); Aide leaves it untouched. Move it away or set XDG_DATA_HOME to another folder."),
            SchemaProblem.NewerVersion => new ConversationStoreException(ConversationStoreError.NewerSchema, $"The conversation database {path} has schema version {value}, written by a newer Aide; this one knows up to {StoreSchema.Migrations.Length}. Upgrade Aide; the file was not changed."),
            _ => new ConversationStoreException(ConversationStoreError.Corrupt, $"{path} is a SQLite database that Aide did not create; Aide leaves it untouched. Move it away to let Aide start a new one."),
        });

    /// <summary>
    /// Before SQLite opens the file (and, on its next write, overwrites a log it stopped reading): when committed
    /// transactions follow a damaged frame of the write-ahead log, a copy of the log is kept beside the database and a
    /// warning says so. Checked twice, so a log another process was writing at that moment is not taken for damage.
    /// </summary>
    private static string? KeepDamagedLog(string path, TimeProvider time, ILogger logger)
    {
        var log = path + "-wal";
        if (WalInspection.Inspect(log) is not { LosesCommits: true } || WalInspection.Inspect(log) is not { LosesCommits: true } damage)
        {
            return null;
        }

        try
        {
            var copy = StoreDamage.NextName($"{path}-wal.damaged-", time);
            File.Copy(log, copy);
            PrivateFile.Restrict(copy);
            StoreLog.ConversationLogDamaged(logger, path, damage.DroppedCommits, damage.DroppedFrames, copy);
            return copy;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StoreLog.ConversationLogDamaged(logger, path, damage.DroppedCommits, damage.DroppedFrames, $"(no copy: {ex.Message})");
            return null;
        }
    }

    private static string MoveAside(string path, TimeProvider time)
    {
        var target = StoreDamage.NextName($"{path}.damaged-", time);

        SqliteConnection.ClearAllPools();
        File.Move(path, target);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    private static ConversationStoreException Translate(SqliteException ex, string path, SqliteConversationStoreOptions options) => ex.SqliteErrorCode switch
    {
        SqliteCodes.Busy or SqliteCodes.Locked => new ConversationStoreException(
            ConversationStoreError.Locked,
            $"The conversation database {path} is locked by another process (waited {options.LockTimeout.TotalSeconds:0.#} s). Let the other aide finish, or stop it, and try again.",
            ex),
        SqliteCodes.Corrupt or SqliteCodes.NotADatabase => new ConversationStoreException(
            ConversationStoreError.Corrupt,
            $"The conversation database {path} is damaged ({ex.Message}); this operation failed. Run aide history doctor to see what is damaged and what can be saved (aide history doctor --repair recovers it into a fresh file and keeps the damaged one).",
            ex),
        SqliteCodes.Full => new ConversationStoreException(ConversationStoreError.Unavailable, $"The disk holding {path} is full; the message was not saved. Free some space and try again.", ex),
        SqliteCodes.ReadOnly or SqliteCodes.Permission or SqliteCodes.CantOpen => new ConversationStoreException(
            ConversationStoreError.Unavailable,
            $"The conversation database {path} cannot be opened for writing ({ex.Message}). Check the folder's permissions, or set history to false to chat without saving.",
            ex),
        _ => new ConversationStoreException(ConversationStoreError.Unavailable, $"The conversation database {path} failed: {ex.Message}", ex),
    };

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        SqliteStatements.Execute(connection, sql, transaction);

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        SqliteStatements.Scalar<T>(connection, sql, transaction);
}
