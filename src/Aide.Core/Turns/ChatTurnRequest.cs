using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>What one chat turn asks: the user's message (or, for a turn without history, the messages to send) and how.</summary>
public sealed class ChatTurnRequest
{
    /// <summary>
    /// Gets the user's message. Required for a turn on a saved conversation or a <see cref="ChatMessageHistory"/>; a turn
    /// without history sends it after <see cref="SystemPrompt"/> unless <see cref="Messages"/> is given.
    /// </summary>
    public string? Question { get; init; }

    /// <summary>Gets the messages to send as they are, for a turn without history (an API client that keeps its own).</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Gets the system prompt sent first, if any.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Gets the chat options of this turn (temperature, stop sequences, …), or <see langword="null"/> for the pipeline's.</summary>
    public ChatOptions? Options { get; init; }

    /// <summary>Gets a value indicating whether turns that no longer fit a saved conversation's window are summarized by the model.</summary>
    public bool Summarize { get; init; }

    /// <summary>
    /// Gets a callback for each update of the answer as it streams (text, usage). It runs on the turn's flow, so a slow
    /// callback slows the stream rather than buffering it.
    /// </summary>
    public Func<ChatResponseUpdate, CancellationToken, ValueTask>? OnUpdate { get; init; }

    /// <summary>
    /// Gets a value indicating whether the model is asked for a stream (the default). <see langword="false"/> asks for
    /// the whole answer at once — one response to read instead of a stream of events, what a caller that shows nothing
    /// until the end (a server's non-streamed request) can prefer; <see cref="OnUpdate"/> then gets that one answer.
    /// </summary>
    public bool Streamed { get; init; } = true;

    /// <summary>
    /// Gets a callback run once the window is built and before the model is called, with what was prepared (for a host
    /// that shows the questions an earlier, killed process left unanswered before the new answer).
    /// </summary>
    public Action<ChatTurnPreparation>? OnPrepared { get; init; }

    /// <summary>
    /// Gets a callback run once the whole answer has arrived, before it is saved: a short-lived host starts deferred
    /// writes here (e.g. <c>ResponseCache.FlushInBackground</c>) so they overlap the save instead of following it.
    /// </summary>
    public Action? OnAnswered { get; init; }
}
