namespace Aide.Conversations;

/// <summary>What removing messages (one, or all by clearing) did.</summary>
/// <param name="MessagesRemoved">Messages removed.</param>
/// <param name="ItemsRemoved">Context items removed (clearing only).</param>
/// <param name="EntitiesRemoved">Entities no message mentions any more, now removed.</param>
/// <param name="Conversation">The conversation after the removal.</param>
public sealed record RemovalResult(int MessagesRemoved, int ItemsRemoved, IReadOnlyList<TrackedEntity> EntitiesRemoved, ConversationInfo Conversation);
