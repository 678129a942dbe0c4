using System.Globalization;
using System.Text;
using System.Text.Json;
using Aide.Diagnostics;
using Microsoft.Extensions.AI;

namespace Aide.Tools;

/// <summary>Tool arguments and output as text: what the prompt shows, the events carry and the model gets back.</summary>
internal static class ToolOutput
{
    /// <summary>A tool's result as text: strings as they are, MCP results as their text content, JSON as JSON.</summary>
    public static string AsText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement element => FromJson(element),
        TextContent content => content.Text,
        IEnumerable<AIContent> contents => string.Join('\n', contents.Select(ContentText)),
        AIContent content => ContentText(content),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => result.ToString() ?? string.Empty,
    };

    /// <summary>Cuts <paramref name="text"/> to <paramref name="limit"/> characters, saying so at the end.</summary>
    public static (string Text, bool Truncated) Bound(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return (text, false);
        }

        var note = FormattableString.Invariant($"\n[output cut at {limit:N0} of {text.Length:N0} characters]");
        var keep = Math.Max(0, limit - note.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return (string.Concat(text.AsSpan(0, keep), note), true);
    }

    /// <summary>An exception's message chain, without stack or secrets.</summary>
    public static string ErrorMessage(Exception exception)
    {
        var message = exception.Message;
        if (exception.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message += " (" + inner.Message + ")";
        }

        return SecretRedactor.Redact(message);
    }

    private static string ContentText(AIContent content) => content switch
    {
        TextContent text => text.Text,
        DataContent data => $"[{data.MediaType} data, {data.Data.Length:N0} bytes]",
        _ => content.ToString() ?? string.Empty,
    };

    /// <summary>MCP's <c>CallToolResult</c> (<c>content: [{type: "text", text}]</c>, <c>isError</c>) as its text; other JSON as it is.</summary>
    private static string FromJson(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() ?? string.Empty;
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return element.GetRawText();
        }

        var text = new StringBuilder();
        if (element.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
        {
            text.Append("error: ");
        }

        foreach (var item in content.EnumerateArray())
        {
            if (text.Length > 0 && text[^1] != ' ')
            {
                text.Append('\n');
            }

            text.Append(item.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String ? part.GetString() : item.GetRawText());
        }

        return text.ToString();
    }
}
