namespace Aide.Events;

/// <summary>What an invalidation matched on.</summary>
public enum InvalidationScope
{
    /// <summary>One key.</summary>
    Key,

    /// <summary>All entries with a tag.</summary>
    Tag,

    /// <summary>All keys with a prefix.</summary>
    Prefix,

    /// <summary>A whole namespace.</summary>
    Namespace,
}
