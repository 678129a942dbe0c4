using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>A turn on a <see cref="ChatMessageHistory"/>: the question joins the list, the answer follows it, a failure takes the question back.</summary>
internal sealed class InMemoryTurn(ChatMessageHistory history) : ITurnContext
{
    private bool _begun;

    public string? SessionName => null;

    public bool KeepsUsage => false;

    public async Task<ChatTurnPreparation> BeginAsync(ChatTurnRequest request, IChatClient client, CancellationToken cancellationToken)
    {
        var question = request.Question ?? throw new ArgumentException("A turn on a conversation needs a question.", nameof(request));
        var messages = await history.BeginAsync(request.SystemPrompt, question, cancellationToken);
        _begun = true;
        return new ChatTurnPreparation(messages, null, []);
    }

    public Task<ChatTurnPreparation?> RefitAsync(int promptTokens, int contextTokens, ChatTurnRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<ChatTurnPreparation?>(null);

    public Task<Conversations.StoredMessage?> CompleteAsync(string text, TurnFacts facts)
    {
        if (_begun)
        {
            _begun = false;
            history.Complete(text, facts.ToolCalls);
        }

        return Task.FromResult<Conversations.StoredMessage?>(null);
    }

    public Task AbandonAsync()
    {
        if (_begun)
        {
            _begun = false;
            history.Abandon();
        }

        return Task.CompletedTask;
    }
}
