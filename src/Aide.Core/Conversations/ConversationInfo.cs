namespace Aide.Conversations;

/// <summary>A saved conversation, without its messages.</summary>
/// <param name="Id">The store's id (stable; names can be reused after a delete).</param>
/// <param name="Name">The name the user resumes it by (see <see cref="ConversationName"/>).</param>
/// <param name="Title">A title taken from the first question, if any.</param>
/// <param name="Model">The model it was last used with, if known.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When a message was last added or removed.</param>
/// <param name="MessageCount">How many messages it holds (summaries included).</param>
/// <param name="TokenCount">The tokens of all its messages.</param>
/// <param name="BranchedFrom">The conversation it was branched from, if any.</param>
/// <param name="BranchedAt">The message of <paramref name="BranchedFrom"/> it was branched after.</param>
public sealed record ConversationInfo(
    string Id,
    string Name,
    string? Title,
    string? Model,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    long TokenCount,
    string? BranchedFrom = null,
    int? BranchedAt = null);
