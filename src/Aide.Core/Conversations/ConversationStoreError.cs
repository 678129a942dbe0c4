namespace Aide.Conversations;

/// <summary>Why a conversation store operation failed.</summary>
public enum ConversationStoreError
{
    /// <summary>The conversation or message does not exist.</summary>
    NotFound,

    /// <summary>A conversation with that name already exists.</summary>
    AlreadyExists,

    /// <summary>The name is not a valid conversation name.</summary>
    InvalidName,

    /// <summary>The database file is damaged or is not an Aide database.</summary>
    Corrupt,

    /// <summary>Another process holds the database locked for longer than the wait allows.</summary>
    Locked,

    /// <summary>The database was written by a newer Aide.</summary>
    NewerSchema,

    /// <summary>The database cannot be opened or written (permissions, disk full).</summary>
    Unavailable,

    /// <summary>An import file is malformed, too large or inconsistent.</summary>
    InvalidImport,
}
