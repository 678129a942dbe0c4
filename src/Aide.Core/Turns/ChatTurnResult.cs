using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Window;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>What one chat turn produced: the answer, who gave it, what it cost and how long it took.</summary>
public sealed class ChatTurnResult
{
    /// <summary>Gets the answer's text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the model that answered, as the provider named it.</summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// Gets the provider that answered: the one the request failed over to, else the first of the pipeline's list (a
    /// cached answer is the first provider's). <see langword="null"/> for a chat client not built by Aide.
    /// </summary>
    public ProviderSettings? Provider { get; init; }

    /// <summary>Gets a value indicating whether the response cache answered.</summary>
    public bool FromCache { get; init; }

    /// <summary>Gets when the cached answer was stored, when <see cref="FromCache"/> (and the cache said).</summary>
    public DateTimeOffset? CachedAt { get; init; }

    /// <summary>Gets the token usage the provider reported, if it did.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Gets why the answer ended (stop, length, …).</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>Gets the time from the request to the end of the answer.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the time from the request to the first text.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    /// <summary>Gets what the turn sent and the window of a saved conversation.</summary>
    public required ChatTurnPreparation Prepared { get; init; }

    /// <summary>Gets the saved answer, for a turn on a saved conversation.</summary>
    public StoredMessage? SavedAnswer { get; init; }

    /// <summary>Gets what the answer used and cost, when the runner has a <see cref="ChatTurnRunner.Meter"/>.</summary>
    public Usage.UsageRecord? UsageRecord { get; init; }

    /// <summary>Gets the saved conversation's window, or <see langword="null"/> without one.</summary>
    public ContextWindow? Window => Prepared.Window;

    /// <summary>Gets the tool calls the model made and Aide ran during the turn, in order (empty without tools).</summary>
    public IReadOnlyList<Tools.ToolCallRecord> ToolCalls { get; init; } = [];

    /// <summary>
    /// Gets the tool calls the model made that nobody ran: calls of tools the caller declared and runs itself (a gateway
    /// client's); the answer's <see cref="FinishReason"/> is then <see cref="ChatFinishReason.ToolCalls"/>.
    /// </summary>
    public IReadOnlyList<FunctionCallContent> PendingToolCalls { get; init; } = [];
}
