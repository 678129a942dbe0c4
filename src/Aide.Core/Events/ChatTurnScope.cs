using System.Diagnostics;

namespace Aide.Events;

/// <summary>
/// The conversation and chat turn that the code running on this asynchronous flow works for. Every event created on it
/// carries them by default (<see cref="AideEvent.SessionId"/>, <see cref="AideEvent.CorrelationId"/>), so one turn's
/// chat, cache and context events can be found together: <c>aide events --session NAME</c>.
/// </summary>
/// <remarks>
/// An <see cref="AsyncLocal{T}"/> rather than a parameter on every call: the chat pipeline is Microsoft.Extensions.AI's
/// <c>IChatClient</c> chain, whose methods take no such context. Begin a scope in the method that runs the whole turn
/// (a scope begun inside an awaited method ends with that method's flow).
/// </remarks>
public static class ChatTurnScope
{
    private static readonly AsyncLocal<Turn?> Current = new();

    /// <summary>Gets the conversation of the current turn, if one was begun and named.</summary>
    public static string? SessionId => Current.Value?.SessionId;

    /// <summary>Gets the id shared by the events of the current turn, if one was begun.</summary>
    public static string? CorrelationId => Current.Value?.CorrelationId;

    /// <summary>Gets who asked for the current turn, if a server named its caller (the access key's name).</summary>
    public static string? CallerId => Current.Value?.CallerId;

    /// <summary>Begins a chat turn on this asynchronous flow; dispose the result when the turn ends.</summary>
    /// <param name="sessionId">The conversation, if already known (see <see cref="SetSession"/>).</param>
    /// <param name="correlationId">The turn's id (a server's request id); by default the current trace's id, else a new one.</param>
    /// <param name="callerId">Who asked for it (a server's caller: the access key's name), if known.</param>
    /// <returns>Ends the turn, restoring the scope that was current before.</returns>
    public static IDisposable Begin(string? sessionId = null, string? correlationId = null, string? callerId = null)
    {
        var previous = Current.Value;
        Current.Value = new Turn(correlationId ?? Activity.Current?.TraceId.ToHexString() ?? RandomIds.NewHex(), callerId) { SessionId = sessionId };
        return new End(previous);
    }

    /// <summary>Names the current turn's conversation once it is known (a new conversation's generated name, or the most recent one's).</summary>
    /// <param name="sessionId">The conversation.</param>
    public static void SetSession(string? sessionId)
    {
        if (Current.Value is { } turn)
        {
            turn.SessionId = sessionId;
        }
    }

    // A class, so that naming the conversation later reaches every flow that already copied the turn.
    private sealed class Turn(string correlationId, string? callerId)
    {
        public string CorrelationId { get; } = correlationId;

        public string? CallerId { get; } = callerId;

        public string? SessionId { get; set; }
    }

    private sealed class End(Turn? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
