namespace Aide.Conversations;

/// <summary>A message as saved in a conversation.</summary>
/// <param name="Id">A globally unique id (usable with <c>aide history branch --from</c>).</param>
/// <param name="Sequence">Its position in the conversation, from 1, never reused.</param>
/// <param name="Role">The chat role: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="TokenCount">Its tokens, counted when it was added.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="Kind">A message, or a summary that stands for earlier messages.</param>
/// <param name="SummarizedThrough">For a summary: the last message sequence it stands for.</param>
/// <param name="Metadata">Free-form facts (provider, model, usage), never secrets.</param>
public sealed record StoredMessage(
    string Id,
    int Sequence,
    string Role,
    string Content,
    int TokenCount,
    DateTimeOffset CreatedAt,
    MessageKind Kind = MessageKind.Message,
    int? SummarizedThrough = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>Gets the sequence of the question this message answers, for an answer saved by a turn.</summary>
    public int? ReplyTo { get; init; }

    /// <summary>
    /// Gets a value indicating whether this is a question still without its answer: its turn is in progress (in
    /// <see cref="AnsweringProcess"/>), or that process ended first. Such questions are left out of every other turn's window.
    /// </summary>
    public bool Unanswered { get; init; }

    /// <summary>Gets the turn this message belongs to (the sequence of its question), the order windows and listings read turns in.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Turn => ReplyTo ?? Sequence;

    /// <summary>Gets the process waiting for this question's answer (<see cref="TurnOwner"/>), or <see langword="null"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AnsweringProcess { get; init; }
}
