using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>A turn without history: the request's messages (or system prompt and question) are sent as they are.</summary>
internal sealed class StatelessTurn : ITurnContext
{
    public static StatelessTurn Instance { get; } = new();

    public string? SessionName => null;

    public bool KeepsUsage => false;

    public Task<ChatTurnPreparation> BeginAsync(ChatTurnRequest request, IChatClient client, CancellationToken cancellationToken) =>
        Task.FromResult(new ChatTurnPreparation(MessagesOf(request), null, []));

    public Task<ChatTurnPreparation?> RefitAsync(int promptTokens, int contextTokens, ChatTurnRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<ChatTurnPreparation?>(null);

    public Task<Conversations.StoredMessage?> CompleteAsync(string text, TurnFacts facts) =>
        Task.FromResult<Conversations.StoredMessage?>(null);

    public Task AbandonAsync() => Task.CompletedTask;

    /// <summary>
    /// The messages of a question asked without history: the system prompt, if any, then the question. One place,
    /// because a cache warmed with these must be found by the turns that ask them.
    /// </summary>
    internal static IList<ChatMessage> MessagesOf(ChatTurnRequest request)
    {
        if (request.Messages is { } messages)
        {
            return [.. messages];
        }

        var question = request.Question ?? throw new ArgumentException("A turn needs a question or messages.", nameof(request));
        return request.SystemPrompt is { } system ? [new(ChatRole.System, system), new(ChatRole.User, question)] : [new(ChatRole.User, question)];
    }
}
