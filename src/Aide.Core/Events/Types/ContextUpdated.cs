namespace Aide.Events;

/// <summary>A context element (message or item) was added, changed or removed.</summary>
/// <param name="ElementId">The message or element id.</param>
/// <param name="Operation">What happened to it.</param>
/// <param name="TokenCount">Tokens in the context after the change.</param>
public sealed partial record ContextUpdated(string ElementId, ContextOperation Operation, int TokenCount) : ContextEvent;
