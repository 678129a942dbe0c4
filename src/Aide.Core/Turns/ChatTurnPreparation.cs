using Aide.Conversations;
using Aide.Conversations.Window;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>A turn about to be sent: its messages, and for a saved conversation its window and the questions left out.</summary>
/// <param name="Messages">What goes to the model.</param>
/// <param name="Window">The saved conversation's window, or <see langword="null"/> without one.</param>
/// <param name="UnansweredQuestions">
/// Earlier questions of the conversation whose process ended before their answer (killed, or the machine stopped). They
/// are left out of the window; each is reported once, by the first turn that finds it.
/// </param>
public sealed record ChatTurnPreparation(IList<ChatMessage> Messages, ContextWindow? Window, IReadOnlyList<StoredMessage> UnansweredQuestions);
