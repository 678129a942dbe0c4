using Aide.Conversations.Window;

namespace Aide.Conversations;

/// <summary>A turn ready to send: the user's message is saved and the window built around it.</summary>
/// <param name="UserMessage">The saved user message.</param>
/// <param name="Window">What to send to the model.</param>
public sealed record PreparedTurn(StoredMessage UserMessage, ContextWindow Window)
{
    /// <summary>
    /// Gets the earlier questions of the conversation found without an answer because the process that asked them ended
    /// first (killed, or the machine stopped). They are left out of the window and reported by this turn only.
    /// </summary>
    public IReadOnlyList<StoredMessage> UnansweredQuestions { get; init; } = [];
}
