namespace Aide.Conversations;

/// <summary>Full-text search over the messages of a conversation store.</summary>
public interface IConversationSearch
{
    /// <summary>Finds the messages that hold every word of <paramref name="text"/>, best match first.</summary>
    /// <param name="text">Words to find, in any case and with or without accents; a word ending in <c>*</c> matches as a prefix.</param>
    /// <param name="limit">The most hits returned.</param>
    /// <param name="conversationName">Search only this conversation, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The hits, best first.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds no word.</exception>
    Task<IReadOnlyList<ConversationSearchHit>> SearchAsync(string text, int limit, string? conversationName = null, CancellationToken cancellationToken = default);
}
