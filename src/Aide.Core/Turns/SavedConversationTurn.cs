using Aide.Conversations;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>A turn on a saved conversation: the question is saved, the window built from the store, the answer saved against the question.</summary>
internal sealed class SavedConversationTurn(ConversationSession session) : ITurnContext
{
    private PreparedTurn? _turn;

    public string? SessionName => session.Conversation.Name;

    public bool KeepsUsage => session.KeepsUsage;

    public async Task<ChatTurnPreparation> BeginAsync(ChatTurnRequest request, IChatClient client, CancellationToken cancellationToken)
    {
        var question = request.Question ?? throw new ArgumentException("A turn on a saved conversation needs a question.", nameof(request));
        _turn = await session.BeginTurnAsync(question, request.SystemPrompt, request.Summarize ? client : null, cancellationToken);
        return new ChatTurnPreparation(_turn.Window.Messages, _turn.Window, _turn.UnansweredQuestions);
    }

    public async Task<ChatTurnPreparation?> RefitAsync(int promptTokens, int contextTokens, ChatTurnRequest request, CancellationToken cancellationToken)
    {
        if (_turn is null)
        {
            return null;
        }

        _turn = await session.RefitTurnAsync(_turn, promptTokens, contextTokens, request.SystemPrompt, cancellationToken);
        return new ChatTurnPreparation(_turn.Window.Messages, _turn.Window, _turn.UnansweredQuestions);
    }

    public async Task<StoredMessage?> CompleteAsync(string text, TurnFacts facts)
    {
        if (_turn is not { } turn)
        {
            return null;
        }

        _turn = null;
        foreach (var call in facts.ToolCalls ?? [])
        {
            await session.AppendToolCallAsync(turn, call, CancellationToken.None);
        }

        return await session.CompleteTurnWithUsageAsync(turn, text, facts.Metadata(), facts.Record, CancellationToken.None);
    }

    public async Task AbandonAsync()
    {
        if (_turn is { } turn)
        {
            _turn = null;
            await session.AbandonTurnAsync(turn, CancellationToken.None);
        }
    }
}
