namespace Aide.Events;

/// <summary>A conversation's context was cleared.</summary>
/// <param name="ItemsRemoved">Messages and items removed.</param>
/// <param name="EntitiesRemoved">Entities removed.</param>
public sealed partial record ContextCleared(int ItemsRemoved, int EntitiesRemoved) : ContextEvent;
