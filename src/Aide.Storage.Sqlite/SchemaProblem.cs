namespace Aide.Storage;

/// <summary>Why <see cref="SqliteSchema.CheckOwnership"/> refuses a database file.</summary>
internal enum SchemaProblem
{
    /// <summary>Its application_id belongs to another application.</summary>
    ForeignApplication,

    /// <summary>Its schema version is newer than this build knows.</summary>
    NewerVersion,

    /// <summary>It has tables but no application_id or version: a database Aide did not create.</summary>
    Unmarked,
}
