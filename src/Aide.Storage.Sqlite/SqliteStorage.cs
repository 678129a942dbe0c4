namespace Aide.Storage;

/// <summary>What a host may do about SQLite itself, before any store is opened.</summary>
public static class SqliteStorage
{
    /// <summary>
    /// Loads and sets up SQLite through <paramref name="opener"/> (in the background, with a background opener), for a
    /// host that will open its stores within milliseconds: ~1 ms of library loading and first-use set-up then overlaps
    /// the host's own start (a command line's parsing). Being first, it also sets SQLite up for a short process (no
    /// up-front per-connection memory). A failure here is left for the real open to report.
    /// </summary>
    /// <param name="opener">The host's opener.</param>
    public static void Preload(StoreOpener opener)
    {
        ArgumentNullException.ThrowIfNull(opener);
        PrivateSqlite.Preload(opener);
    }
}
