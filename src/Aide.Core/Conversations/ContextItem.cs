namespace Aide.Conversations;

/// <summary>
/// A piece of context beyond the messages, sent to the model with every turn while it fits: pinned items always,
/// others by priority and relevance; expired ones never.
/// </summary>
/// <param name="Id">The item's id.</param>
/// <param name="ConversationId">The conversation it belongs to, or <see langword="null"/> for every conversation.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="Content">The text.</param>
/// <param name="Priority">Higher goes in first (0 to 100).</param>
/// <param name="Relevance">0 to 1; items under <see cref="LowRelevance"/> are only included when room is left.</param>
/// <param name="Pinned">Always included; the turn fails rather than leaving it out.</param>
/// <param name="ExpiresAt">When it stops applying, if ever.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="TokenCount">Its tokens.</param>
public sealed record ContextItem(
    string Id,
    string? ConversationId,
    ContextItemKind Kind,
    string Content,
    int Priority,
    double Relevance,
    bool Pinned,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    int TokenCount)
{
    /// <summary>Relevance under which an item is among the first left out when space is short.</summary>
    public const double LowRelevance = 0.3;

    /// <summary>Whether the item has expired at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> if it has an expiry at or before <paramref name="now"/>.</returns>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;
}
