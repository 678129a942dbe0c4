using Aide.Conversations.Window;

namespace Aide.Conversations;

/// <summary>A turn ready to send: the user's message is saved and the window built around it.</summary>
/// <param name="UserMessage">The saved user message.</param>
/// <param name="Window">What to send to the model.</param>
public sealed record PreparedTurn(StoredMessage UserMessage, ContextWindow Window);
