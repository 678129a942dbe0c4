namespace Aide.Turns;

/// <summary>
/// Where a turn's messages come from and where its outcome goes: a saved conversation, a list in memory, or nothing
/// (the request's own messages). The runner drives every kind through the same steps.
/// </summary>
internal interface ITurnContext
{
    /// <summary>Gets the conversation's name, if it is a saved one (for the events of the turn).</summary>
    string? SessionName { get; }

    /// <summary>Gets a value indicating whether <see cref="CompleteAsync"/> keeps <see cref="TurnFacts.Record"/> with the answer (else the meter's ledger takes it).</summary>
    bool KeepsUsage { get; }

    /// <summary>Records the question (if there is history) and builds what to send.</summary>
    Task<ChatTurnPreparation> BeginAsync(ChatTurnRequest request, Microsoft.Extensions.AI.IChatClient client, CancellationToken cancellationToken);

    /// <summary>Builds the turn's window again for a model that counted it <paramref name="promptTokens"/> long against its <paramref name="contextTokens"/>; null when it cannot.</summary>
    Task<ChatTurnPreparation?> RefitAsync(int promptTokens, int contextTokens, ChatTurnRequest request, CancellationToken cancellationToken);

    /// <summary>Records the answer (complete, or what arrived before the answer broke off, <see cref="TurnFacts.Incomplete"/>).</summary>
    Task<Conversations.StoredMessage?> CompleteAsync(string text, TurnFacts facts);

    /// <summary>Takes the question back: the history is as it was before the turn.</summary>
    Task AbandonAsync();
}
