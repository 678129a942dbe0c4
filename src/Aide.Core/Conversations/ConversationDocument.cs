namespace Aide.Conversations;

/// <summary>
/// A whole conversation as one document: what <c>aide history export</c> writes (as indented JSON people can read) and
/// what snapshots carry (as MessagePack). Entities are not included: they are derived from the messages again on import.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">The document version (<see cref="CurrentVersion"/>).</param>
/// <param name="ExportedAt">When it was written.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Messages">Its messages in order.</param>
/// <param name="Items">Its own context items (global items are not exported with a conversation).</param>
public sealed record ConversationDocument(
    string Format,
    int Version,
    DateTimeOffset ExportedAt,
    ConversationInfo Conversation,
    IReadOnlyList<StoredMessage> Messages,
    IReadOnlyList<ContextItem> Items)
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "aide.conversation";

    /// <summary>The version this build writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;
}
