using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>What the chat pipeline stores in the response cache: an answer, as <see cref="ResponseCachingChatClient"/> writes it.</summary>
public static class ChatCacheEntries
{
    /// <summary>Whether <paramref name="value"/> decodes to a chat answer with some text or a tool call (what an import must hold).</summary>
    /// <param name="value">A cached value (uncompressed, as exported).</param>
    /// <returns><see langword="true"/> when the chat pipeline can serve it.</returns>
    public static bool IsAnswer(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            if (TextUpdatesFormat.TryRead(value, out var updates))
            {
                return HasAnswer(updates.SelectMany(u => u.Contents));
            }

            var options = AIJsonUtilities.DefaultOptions;
            if (value.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'[', ..])
            {
                return JsonSerializer.Deserialize(value, options.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>))) is IReadOnlyList<ChatResponseUpdate> list
                    && HasAnswer(list.SelectMany(u => u.Contents));
            }

            return JsonSerializer.Deserialize(value, options.GetTypeInfo(typeof(ChatResponse))) is ChatResponse response
                && HasAnswer(response.Messages.SelectMany(m => m.Contents));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Some text or a tool call: an empty answer is never one to serve.</summary>
    internal static bool HasAnswer(IEnumerable<AIContent> contents) => contents.Any(c => c is TextContent { Text.Length: > 0 } or FunctionCallContent);
}
