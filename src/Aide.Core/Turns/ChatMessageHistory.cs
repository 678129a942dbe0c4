using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>
/// A conversation kept in memory only (nothing saved): each turn sends the earlier turns through an optional
/// <see cref="IChatReducer"/> (for example <see cref="Conversations.Window.TokenBudgetChatReducer"/>), and a turn that
/// fails is taken back. Not thread-safe: one turn at a time.
/// </summary>
/// <param name="window">Fits the messages to the model's context before each turn, or <see langword="null"/> to send them all.</param>
public sealed class ChatMessageHistory(IChatReducer? window = null)
{
    private readonly List<ChatMessage> _messages = [];

    /// <summary>Gets the questions and answers so far, oldest first (the system prompt is the request's, not kept here).</summary>
    public IReadOnlyList<ChatMessage> Messages => _messages;

    /// <summary>Forgets every message.</summary>
    public void Clear() => _messages.Clear();

    internal async Task<IList<ChatMessage>> BeginAsync(string? systemPrompt, string question, CancellationToken cancellationToken)
    {
        _messages.Add(new ChatMessage(ChatRole.User, question));
        List<ChatMessage> all = systemPrompt is { } system ? [new ChatMessage(ChatRole.System, system), .. _messages] : [.. _messages];
        try
        {
            return window is null ? all : [.. await window.ReduceAsync(all, cancellationToken)];
        }
        catch
        {
            Abandon();
            throw;
        }
    }

    internal void Complete(string answer, IReadOnlyList<Tools.ToolCallRecord>? toolCalls = null)
    {
        foreach (var call in toolCalls ?? [])
        {
            _messages.AddRange(Tools.ToolMessages.Of(call));
        }

        _messages.Add(new ChatMessage(ChatRole.Assistant, answer));
    }

    internal void Abandon()
    {
        if (_messages.Count > 0 && _messages[^1].Role == ChatRole.User)
        {
            _messages.RemoveAt(_messages.Count - 1);
        }
    }
}
