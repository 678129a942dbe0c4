namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/conversations/{name}</c>: one conversation's messages, entities, pinned context and latest token window.</summary>
internal sealed record ConversationView(
    ConversationRow Conversation, IReadOnlyList<MessageView> Messages, IReadOnlyList<EntityView> Entities, IReadOnlyList<PinnedView> Pinned, WindowView? Window);
