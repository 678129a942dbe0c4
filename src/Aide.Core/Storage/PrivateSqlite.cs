using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>Opens a SQLite file that only its owner can read, in a folder only its owner can enter, waiting up to a timeout for other processes' locks.</summary>
internal static class PrivateSqlite
{
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
    /// Keeps the write-ahead log when this connection closes instead of checkpointing it into the database file. A
    /// checkpoint on close costs every short <c>aide</c> command three fsyncs per file (log, database, folder) and
    /// deletes the log, so the next command re-creates it with one more. SQLite's automatic checkpoint (every
    /// 1,000 pages) still bounds the log. Only for the caches: their files are disposable if someone deletes a
    /// database but leaves its -wal behind; the conversation store keeps checkpointing on close.
    /// </summary>
    public static void KeepWalOnClose(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }
}
