namespace Aide.Conversations;

/// <summary>A context item to add.</summary>
/// <param name="ConversationId">The conversation, or <see langword="null"/> for every conversation.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="Content">The text.</param>
/// <param name="TokenCount">Its tokens.</param>
/// <param name="Priority">Higher goes in first (0 to 100).</param>
/// <param name="Relevance">0 to 1.</param>
/// <param name="Pinned">Always included.</param>
/// <param name="ExpiresAt">When it stops applying, if ever.</param>
public sealed record ContextItemDraft(
    string? ConversationId,
    ContextItemKind Kind,
    string Content,
    int TokenCount,
    int Priority = 50,
    double Relevance = 1.0,
    bool Pinned = false,
    DateTimeOffset? ExpiresAt = null);
