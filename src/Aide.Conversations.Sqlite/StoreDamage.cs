using System.Globalization;

namespace Aide.Conversations.Store;

/// <summary>
/// The files Aide keeps when it finds the conversation database damaged: the database moved aside
/// (<c>conversations.db.damaged-STAMP</c>, with its log) and copies of a damaged write-ahead log
/// (<c>conversations.db-wal.damaged-STAMP</c>). They stay until <c>aide history doctor --repair</c> recovers what
/// they hold (and renames them <c>.recovered-STAMP</c>), and until then every command that opens the store says so.
/// </summary>
public static class StoreDamage
{
    private const string SetAsideMarker = ".damaged-";
    private const string LogMarker = "-wal.damaged-";

    /// <summary>Finds the damaged copies kept beside a database that nobody has dealt with yet.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <returns>The set-aside databases and kept logs, oldest first.</returns>
    public static IReadOnlyList<string> FindKept(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (folder is null || !Directory.Exists(folder))
        {
            return [];
        }

        var name = Path.GetFileName(databasePath);
        try
        {
            return [.. Directory.EnumerateFiles(folder, name + "*")
                .Where(f => IsSetAsideDatabase(f, name) || IsKeptLog(f, name))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Whether <paramref name="path"/> is a database moved aside (not its log or index).</summary>
    internal static bool IsSetAsideDatabase(string path, string databaseName)
    {
        var file = Path.GetFileName(path);
        return file.StartsWith(databaseName + SetAsideMarker, StringComparison.Ordinal)
            && !file.EndsWith("-wal", StringComparison.Ordinal) && !file.EndsWith("-shm", StringComparison.Ordinal) && !file.EndsWith("-journal", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> is a kept copy of a damaged write-ahead log.</summary>
    internal static bool IsKeptLog(string path, string databaseName) => Path.GetFileName(path).StartsWith(databaseName + LogMarker, StringComparison.Ordinal);

    /// <summary>A file name <paramref name="prefix"/>STAMP (UTC time, and -N when taken) that does not exist yet.</summary>
    internal static string NextName(string prefix, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = prefix + stamp;
        for (var n = 1; File.Exists(target); n++)
        {
            target = $"{prefix}{stamp}-{n}";
        }

        return target;
    }

    /// <summary>The name a dealt-with copy takes: <c>.damaged-</c> becomes <c>.recovered-</c>, so it is kept but no longer reported.</summary>
    internal static string Recovered(string keptPath) =>
        Path.Combine(Path.GetDirectoryName(keptPath)!, Path.GetFileName(keptPath).Replace(".damaged-", ".recovered-", StringComparison.Ordinal));
}
