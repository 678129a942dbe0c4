namespace Aide.Events;

/// <summary>Whether an entity is new or seen again.</summary>
public enum EntityChange
{
    /// <summary>First mention.</summary>
    Added,

    /// <summary>Mentioned again; counts and last-seen changed.</summary>
    Updated,
}
