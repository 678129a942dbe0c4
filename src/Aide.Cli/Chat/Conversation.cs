using System.Globalization;
using Aide.Cli.Output;
using Aide.Conversations;
using Aide.Turns;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// The conversation <c>aide chat</c> is having: a saved <see cref="ConversationSession"/> (history on), or a
/// <see cref="ChatMessageHistory"/> in memory (history off). Either way the library's turn runner runs each turn.
/// </summary>
internal sealed class Conversation
{
    private ChatMessageHistory _memory = new();

    public ConversationSession? Session
    {
        get;
        set
        {
            field = value;
            Unanswered = null;
        }
    }

    /// <summary>Gets or sets the last question found without an answer (its aide was stopped), which <c>/retry</c> asks again.</summary>
    public StoredMessage? Unanswered { get; set; }

    /// <summary>Gets or sets the window applied to the list in memory when history is off (saved conversations have the session's).</summary>
    public IChatReducer? MemoryWindow
    {
        get;
        set
        {
            field = value;
            _memory = new ChatMessageHistory(value);
        }
    }

    public Task<ChatTurnResult> RunTurnAsync(ChatTurnRunner runner, ChatTurnRequest request, CancellationToken cancellationToken) =>
        Session is { } session ? runner.RunAsync(request, session, cancellationToken) : runner.RunAsync(request, _memory, cancellationToken);

    public void Reset() => _memory.Clear();

    public async Task<string> DescribeAsync(string? systemPrompt, CancellationToken cancellationToken)
    {
        if (Session is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Not saved (history is off); {_memory.Messages.Count + (systemPrompt is null ? 0 : 1)} messages in memory.");
        }

        var window = await Session.BuildWindowAsync(systemPrompt, null, cancellationToken);
        var info = Session.Conversation;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Conversation '{info.Name}': {Count.Of(info.MessageCount, "message")}, {Count.Of(info.TokenCount, "token")} ({Session.TokenCounter.Name}). Window: {window.TokensUsed:N0} of {Count.Of(window.Budget, "token")}, {Count.Of(window.MessagesIncluded, "message")} and {Count.Of(window.IncludedItems.Count, "item")} sent, {Count.Of(window.MessagesDropped, "message")} left out.");
    }
}
