namespace Aide.Events;

/// <summary>What happened to a context element.</summary>
public enum ContextOperation
{
    /// <summary>The element was added.</summary>
    Add,

    /// <summary>The element was changed.</summary>
    Update,

    /// <summary>The element was removed.</summary>
    Remove,
}
