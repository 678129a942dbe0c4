namespace Aide.Conversations;

/// <summary>A message to append.</summary>
/// <param name="Role">The chat role.</param>
/// <param name="Content">The text.</param>
/// <param name="TokenCount">Its tokens.</param>
/// <param name="Entities">What the entity detectors found in it (saved in the same transaction).</param>
/// <param name="Kind">A message or a summary.</param>
/// <param name="SummarizedThrough">For a summary: the last message sequence it stands for.</param>
/// <param name="Metadata">Free-form facts, never secrets.</param>
/// <param name="DeferFlush">
/// Saved at once but flushed to disk with the next durable write instead of by its own (one fsync fewer). It survives
/// the process being killed straight away, and a power cut only once a later write is flushed. For a question about to
/// be answered: the answer's append (or the question's removal if the turn fails) flushes it, and the model call no
/// longer waits for the disk.
/// </param>
public sealed record MessageDraft(
    string Role,
    string Content,
    int TokenCount,
    IReadOnlyList<DetectedEntity>? Entities = null,
    MessageKind Kind = MessageKind.Message,
    int? SummarizedThrough = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    bool DeferFlush = false)
{
    /// <summary>Gets the sequence of the question this message answers: it takes the sequence the question kept free, and the question stops waiting.</summary>
    public int? ReplyTo { get; init; }

    /// <summary>
    /// Gets a value indicating whether this is a question whose answer this process is about to ask for (see
    /// <see cref="StoredMessage.Unanswered"/>): the sequence after it is kept for the answer.
    /// </summary>
    public bool AwaitsAnswer { get; init; }

    /// <summary>
    /// Gets the answer's usage record, saved in the same transaction by a store that is also an
    /// <see cref="Usage.IUsageLedger"/> (others ignore it).
    /// </summary>
    public Usage.UsageRecord? Usage { get; init; }
}
