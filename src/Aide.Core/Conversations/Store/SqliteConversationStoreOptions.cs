namespace Aide.Conversations.Store;

/// <summary>How the SQLite conversation store waits and syncs.</summary>
public sealed class SqliteConversationStoreOptions
{
    /// <summary>Gets how long a write waits for another process's lock before failing with <see cref="ConversationStoreError.Locked"/> (default 5 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets a value indicating whether each commit is flushed to the disk before it returns (<c>synchronous=FULL</c>,
    /// default true): a message survives a power cut, not only a crash of the process.
    /// </summary>
    public bool SyncEveryCommit { get; init; } = true;
}
