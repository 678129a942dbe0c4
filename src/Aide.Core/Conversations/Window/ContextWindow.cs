using Microsoft.Extensions.AI;

namespace Aide.Conversations.Window;

/// <summary>What goes to the model for one turn, and what was left out to fit.</summary>
/// <param name="Messages">The messages to send: system prompt, context items, summary, then the most recent turns.</param>
/// <param name="TokensUsed">Tokens of <paramref name="Messages"/> (estimated per-message overhead included).</param>
/// <param name="Budget">Tokens the request may use.</param>
/// <param name="IncludedItems">The context items sent.</param>
/// <param name="FirstIncludedSequence">The oldest message sent.</param>
/// <param name="MessagesIncluded">Messages sent.</param>
/// <param name="MessagesDropped">Messages left out (a summary may stand for them).</param>
/// <param name="ItemsDropped">Context items left out (expired, or no room).</param>
/// <param name="Summary">The summary sent for older turns, if any.</param>
/// <param name="TokensDropped">Tokens of the messages left out.</param>
public sealed record ContextWindow(
    IList<ChatMessage> Messages,
    int TokensUsed,
    int Budget,
    IReadOnlyList<ContextItem> IncludedItems,
    int FirstIncludedSequence,
    int MessagesIncluded,
    int MessagesDropped,
    int ItemsDropped,
    StoredMessage? Summary,
    long TokensDropped);
