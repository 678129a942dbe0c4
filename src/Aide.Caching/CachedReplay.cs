using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// A cached streamed answer is stored coalesced (Microsoft.Extensions.AI joins the stream's text before caching it and
/// replays it as one update), so a client asking for a stream would get the whole answer in one chunk: no stream at
/// all for clients that render as text arrives or expect deltas. This cuts such an update back into pieces of a few words.
/// </summary>
internal static class CachedReplay
{
    /// <summary>A piece ends at the first whitespace after this many characters (about four words).</summary>
    private const int PieceLength = 24;

    public static IEnumerable<ChatResponseUpdate> Split(ChatResponseUpdate update)
    {
        if (update.Contents is not [TextContent { Text.Length: > PieceLength * 2 } text, ..] || update.Contents.Skip(1).Any(c => c is TextContent))
        {
            yield return update;
            yield break;
        }

        var start = 0;
        while (start < text.Text.Length)
        {
            var end = PieceEnd(text.Text, start);
            var last = end == text.Text.Length;
            yield return new ChatResponseUpdate(update.Role, last ? [new TextContent(text.Text[start..end]), .. update.Contents.Skip(1)] : [new TextContent(text.Text[start..end])])
            {
                MessageId = update.MessageId,
                ResponseId = update.ResponseId,
                ModelId = update.ModelId,
                CreatedAt = update.CreatedAt,
                AdditionalProperties = update.AdditionalProperties,
                FinishReason = last ? update.FinishReason : null,
            };
            start = end;
        }
    }

    /// <summary>Where the piece that starts at <paramref name="start"/> ends: after the whitespace that follows its first <see cref="PieceLength"/> characters.</summary>
    private static int PieceEnd(string text, int start)
    {
        var end = Math.Min(text.Length, start + PieceLength);
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        while (end < text.Length && char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end;
    }
}
