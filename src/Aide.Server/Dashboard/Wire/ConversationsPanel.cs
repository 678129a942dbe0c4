namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/conversations?q=</c>: stored conversations, newest first, matching the search by name or text.</summary>
internal sealed record ConversationsPanel(bool Enabled, IReadOnlyList<ConversationRow> Conversations, bool Truncated);
