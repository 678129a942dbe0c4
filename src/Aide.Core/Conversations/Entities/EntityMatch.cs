namespace Aide.Conversations.Entities;

/// <summary>An entity found at a place in the text.</summary>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Characters matched (the span later detectors may not claim).</param>
/// <param name="Entity">The entity.</param>
public readonly record struct EntityMatch(int Start, int Length, DetectedEntity Entity);
