namespace Aide.Conversations;

/// <summary>What appending a message did.</summary>
/// <param name="Message">The saved message.</param>
/// <param name="Conversation">The conversation after the append.</param>
/// <param name="Entities">Each entity the message mentions, new to the conversation or seen again.</param>
public sealed record AppendResult(StoredMessage Message, ConversationInfo Conversation, IReadOnlyList<EntityMention> Entities);
