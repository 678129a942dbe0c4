using System.Globalization;
using Aide.Cli.Output;
using Aide.Configuration;
using Aide.Conversations;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// The conversation <c>aide chat</c> is having: a saved <see cref="ConversationSession"/> (history on), or a list in
/// memory (history off). Either way a turn that fails is taken back.
/// </summary>
internal sealed class Conversation(AideSettings settings)
{
    private readonly List<ChatMessage> _memory = Initial(settings);
    private PreparedTurn? _turn;
    private ConversationSession? _session;

    // History off: what the window keeps of the list in memory for the turn begun last.
    private List<ChatMessage>? _sent;

    public ConversationSession? Session
    {
        get => _session;
        set
        {
            _session = value;
            _turn = null;
        }
    }

    /// <summary>Gets or sets the window applied to the list in memory when history is off (saved conversations have the session's).</summary>
    public IChatReducer? MemoryWindow { get; set; }

    /// <summary>Gets the messages to send for the turn begun last.</summary>
    public IList<ChatMessage> Messages => _turn?.Window.Messages ?? _sent ?? _memory;

    public async Task BeginTurnAsync(string input, IChatClient client, CancellationToken cancellationToken)
    {
        if (Session is null)
        {
            _memory.Add(new ChatMessage(ChatRole.User, input));
            _sent = MemoryWindow is null ? null : [.. await MemoryWindow.ReduceAsync(_memory, cancellationToken)];
            return;
        }

        _turn = await Session.BeginTurnAsync(input, settings.SystemPrompt, settings.Summarize ? client : null, cancellationToken);
    }

    /// <summary>Builds the current turn's window again, smaller, after the model refused it as too long; false with history off.</summary>
    public async Task<bool> RefitAsync(int promptTokens, int contextTokens, CancellationToken cancellationToken)
    {
        if (Session is null || _turn is null)
        {
            return false;
        }

        _turn = await Session.RefitTurnAsync(_turn, promptTokens, contextTokens, settings.SystemPrompt, cancellationToken);
        return true;
    }

    public async Task CompleteTurnAsync(string answer, IReadOnlyDictionary<string, string> metadata)
    {
        if (Session is null)
        {
            _memory.Add(new ChatMessage(ChatRole.Assistant, answer));
            _sent = null;
            return;
        }

        if (_turn is { } turn)
        {
            _turn = null;
            await Session.CompleteTurnAsync(turn, answer, metadata, CancellationToken.None);
        }
    }

    public async Task AbandonTurnAsync()
    {
        if (Session is null)
        {
            if (_memory.Count > 0 && _memory[^1].Role == ChatRole.User)
            {
                _memory.RemoveAt(_memory.Count - 1);
            }

            _sent = null;
            return;
        }

        if (_turn is { } turn)
        {
            _turn = null;
            await Session.AbandonTurnAsync(turn, CancellationToken.None);
        }
    }

    public void Reset()
    {
        _sent = null;
        _memory.Clear();
        _memory.AddRange(Initial(settings));
    }

    public async Task<string> DescribeAsync(string? systemPrompt, CancellationToken cancellationToken)
    {
        if (Session is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Not saved (history is off); {_memory.Count} messages in memory.");
        }

        var window = await Session.BuildWindowAsync(systemPrompt, null, cancellationToken);
        var info = Session.Conversation;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Conversation '{info.Name}': {Count.Of(info.MessageCount, "message")}, {Count.Of(info.TokenCount, "token")} ({Session.TokenCounter.Name}). Window: {window.TokensUsed:N0} of {Count.Of(window.Budget, "token")}, {Count.Of(window.MessagesIncluded, "message")} and {Count.Of(window.IncludedItems.Count, "item")} sent, {Count.Of(window.MessagesDropped, "message")} left out.");
    }

    private static List<ChatMessage> Initial(AideSettings settings) =>
        settings.SystemPrompt is { } system ? [new ChatMessage(ChatRole.System, system)] : [];
}
