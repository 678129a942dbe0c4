namespace Aide.Conversations.Store;

/// <summary>What a kept damaged copy is.</summary>
public enum KeptCopyKind
{
    /// <summary>The whole database, moved aside when it could not be opened.</summary>
    Database,

    /// <summary>A copy of a write-ahead log whose committed frames SQLite would not read.</summary>
    WriteAheadLog,
}
