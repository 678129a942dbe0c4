namespace Aide.Conversations;

/// <summary>A message that matched a history search, best first.</summary>
/// <param name="ConversationName">The conversation's name.</param>
/// <param name="Sequence">The message's number in its conversation (<c>#3</c>).</param>
/// <param name="MessageId">The message's id.</param>
/// <param name="Role">Who wrote it: <c>user</c>, <c>assistant</c>, <c>system</c>.</param>
/// <param name="CreatedAt">When it was saved.</param>
/// <param name="Snippet">The part of its text around the matches (a cut is marked with <c>…</c>).</param>
/// <param name="Matches">Where the matched words are in <paramref name="Snippet"/>.</param>
/// <param name="Score">How well it matched (BM25; higher is better).</param>
public sealed record ConversationSearchHit(
    string ConversationName, int Sequence, string MessageId, string Role, DateTimeOffset CreatedAt, string Snippet, IReadOnlyList<Range> Matches, double Score);
