namespace Aide.Conversations;

/// <summary>An entity mentioned by a message that was just saved.</summary>
/// <param name="Entity">The entity as it stands after the message.</param>
/// <param name="IsNew">Whether the conversation had not mentioned it before.</param>
public sealed record EntityMention(TrackedEntity Entity, bool IsNew);
