namespace Aide.Conversations.Store;

/// <summary>How the SQLite conversation store waits and syncs.</summary>
public sealed class SqliteConversationStoreOptions
{
    /// <summary>Gets or sets how long a write waits for another process's lock before failing with <see cref="ConversationStoreError.Locked"/> (default 5 s).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets a value indicating whether each commit is flushed to the disk before it returns (<c>synchronous=FULL</c>,
    /// default true): a message survives a power cut, not only a crash of the process.
    /// </summary>
    public bool SyncEveryCommit { get; set; } = true;

    /// <summary>
    /// Gets or sets how many commits of this store start a background checkpoint of the write-ahead log (<see cref="Storage.WalCheckpointer"/>;
    /// default 512: a few MB of log for a chat's messages, 20 MB for the append benchmark's 10 pages each, against 64 MB before
    /// SQLite's own checkpoint). Fewer checkpoints touch fewer appends: 128 measured a worse p99 than 512. Internal: for tests.
    /// </summary>
    internal int CommitsPerCheckpoint { get; set; } = 512;
}
