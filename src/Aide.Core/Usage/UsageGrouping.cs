namespace Aide.Usage;

/// <summary>How a usage report groups its records.</summary>
public enum UsageGrouping
{
    /// <summary>By day (in <see cref="UsageQuery.UtcOffset"/>).</summary>
    Day,

    /// <summary>By provider kind.</summary>
    Provider,

    /// <summary>By model.</summary>
    Model,

    /// <summary>By conversation (the gateway's stateless requests together).</summary>
    Session,

    /// <summary>By access key (the owner's own turns together).</summary>
    Key,
}
