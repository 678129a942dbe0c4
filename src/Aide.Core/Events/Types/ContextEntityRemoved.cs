namespace Aide.Events;

/// <summary>An entity is no longer mentioned by any message.</summary>
/// <param name="EntityId">The entity's id.</param>
/// <param name="Kind">The entity kind.</param>
/// <param name="Reason">Why (last mention removed, conversation cleared).</param>
public sealed partial record ContextEntityRemoved(string EntityId, string Kind, string Reason) : ContextEvent;
