using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>Opens a SQLite file that only its owner can read, in a folder only its owner can enter, waiting up to a timeout for other processes' locks.</summary>
internal static partial class PrivateSqlite
{
    /// <summary>
    /// Loads and initialises SQLite through <paramref name="opener"/> (in the background, with a background opener), for a command that will open
    /// its files soon: ~1 ms of library loading and first-use set-up that then overlaps the command line's parsing.
    /// Being first, it also sets SQLite up for a short process (<see cref="SkipUpFrontConnectionMemory"/>). A failure
    /// here is left for the real open to report.
    /// </summary>
    /// <param name="opener">The host's opener.</param>
    public static void Preload(StoreOpener opener) => opener.Start(static () =>
    {
        try
        {
            SkipUpFrontConnectionMemory();

            // Microsoft.Data.Sqlite's first-use set-up (provider registration, connection factory) without opening a connection.
            SqliteConnection.ClearAllPools();
        }
        catch (Exception)
        {
            // Best effort, and nothing could catch it on the opening thread: the real open reports any failure, with its file.
        }
    });

    /// <summary>
    /// Before SQLite's first use in this process, turns off two allocations each connection makes up front and writes
    /// through at once: 20 page-cache slots (~88 KB) and 100 lookaside slots (~120 KB). Such memory is fresh, so every
    /// page of it costs a page fault: about 120 of a cached <c>aide ask</c>'s 870, and 2.4-2.6 ms of its 16.3-16.5 ms
    /// (medians of 100 alternating runs, native AOT). A command reads a few pages per file; a smaller lookaside (32
    /// slots of 512 bytes) still serves its statements' small allocations. No effect (SQLITE_MISUSE) once SQLite is
    /// initialised.
    /// </summary>
    /// <remarks>
    /// By hand because SQLitePCLRaw exposes <c>sqlite3_config</c> only for options with no or one integer argument.
    /// The function is variadic; a fixed signature passes integers and pointers the same way on x64 and on Linux and
    /// Windows arm64 (SQLitePCLRaw calls it so too), but not on Apple's arm64, so that is left out. The import names
    /// the library as SQLitePCLRaw's does, so it binds to the same file (and the CLI's resolver finds it at once).
    /// </remarks>
    private static void SkipUpFrontConnectionMemory()
    {
        const int ConfigPageCache = 7, ConfigLookaside = 13;
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS())
        {
            return;
        }

        try
        {
            // No up-front page-cache block (memory NULL, 0 slots): pages are allocated as they are read.
            _ = ConfigurePageCache(ConfigPageCache, 0, 0, 0);
            _ = ConfigureLookaside(ConfigLookaside, 512, 32);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // The real open reports a missing library.
        }
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_config")]
    private static partial int ConfigurePageCache(int option, nint memory, int slotSize, int slots);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_config")]
    private static partial int ConfigureLookaside(int option, int slotSize, int slots);

    /// <summary>Creates the folder and file if needed (0700 / 0600) and returns an open connection with <c>busy_timeout</c> set.</summary>
    /// <exception cref="SqliteException">The file cannot be opened.</exception>
    public static SqliteConnection Open(string path, TimeSpan lockTimeout)
    {
        PrivateDirectory.Create(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            // SQLite would create the file with the umask's mode (often 0644); create it private first. Its -wal and
            // -shm files take the database file's mode.
            PrivateFile.CreateEmpty(path);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(lockTimeout.TotalSeconds)),
        }.ConnectionString);
        try
        {
            connection.Open();
            SqliteStatements.Execute(connection, "PRAGMA busy_timeout = " + ((int)lockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sets a cache file (the response cache, the token-count memo) to a rollback journal without fsyncs: <c>TRUNCATE</c>,
    /// <c>synchronous=OFF</c>. A write-ahead log costs every process that opens the file its shared-memory index (the
    /// -shm file set up and mapped, the log read back): for the token-count memo, whose log held 16 KB, its set-up
    /// statement took 0.97 ms against 0.34 ms with a rollback journal (timeline marks, Native AOT), and with both cache
    /// files so a cached <c>aide ask</c> took 30.4 against 32.0 ms (medians of 50 interleaved runs). What is given up
    /// suits a cache: readers and a writer wait for each other (a write holds the file for well under a millisecond),
    /// and a power cut in the middle of a write can damage the file, which is then set aside and started again. A
    /// killed process loses nothing: its journal is in the operating system's cache, and the next open rolls the
    /// half-done write back. A file another process holds open in WAL mode (an older Aide) stays in WAL mode until it is
    /// closed everywhere; both modes work.
    /// </summary>
    public static void UseRollbackJournal(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        SqliteStatements.Execute(connection, "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = OFF");
    }

    /// <summary>
    /// Deletes a database file's rollback journal, write-ahead log and its index, for a file that was deleted or moved
    /// aside: a journal left by a killed process would otherwise be rolled back into the new, empty file of that name.
    /// </summary>
    public static void DeleteJournals(string path)
    {
        foreach (var suffix in (string[])["-journal", "-wal", "-shm"])
        {
            File.Delete(path + suffix);
        }
    }

    /// <summary>
    /// Keeps the write-ahead log when this connection closes instead of checkpointing it into the database file. A
    /// checkpoint on close costs every short <c>aide</c> command three fsyncs per file (log, database, folder) and
    /// deletes the log, so the next command re-creates it with one more. Something else must bound the log: SQLite's
    /// automatic checkpoint, or <see cref="CheckpointGrownLog"/>. A log left behind by a deleted database is not
    /// replayed into the new, empty one: SQLite deletes the log of a database with no pages when it opens it.
    /// </summary>
    public static void KeepWalOnClose(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>
    /// The log size above which <see cref="CheckpointGrownLog"/> folds the log into the database. Every process that
    /// opens the file first re-reads its whole log (SQLite rebuilds the -shm index); a checkpoint on close costs about
    /// 5 ms. A new conversation's turn adds about 20 KB to the log (seven 4 KB pages with their frame headers), so
    /// 256 KB means a checkpoint every dozen turns. Against 1 MB, in 60 interleaved Native AOT <c>aide ask</c> runs
    /// each (timeline marks, medians), the statement that reads the log back took 1.24 against 1.41 ms and the main
    /// thread's wait for the conversation file 0.08 against 0.40 ms: a small gain, within the noise of whole-process
    /// timings.
    /// </summary>
    public const long LogCheckpointBytes = 256L << 10;

    /// <summary>
    /// Before closing a connection that keeps its log (<see cref="KeepWalOnClose"/>): when the log has grown past
    /// <see cref="LogCheckpointBytes"/>, copies it into the database and truncates it to zero bytes. Best effort: when
    /// other processes are busy with the file, the next close does it.
    /// </summary>
    public static void CheckpointGrownLog(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            var log = new FileInfo(connection.DataSource + "-wal");
            if (log.Exists && log.Length > LogCheckpointBytes)
            {
                SqliteStatements.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        catch (SqliteException)
        {
            // Busy or locked: the log is merely longer for a while.
        }
    }
}
