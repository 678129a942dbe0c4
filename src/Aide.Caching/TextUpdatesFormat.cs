using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// A plain JSON form for cached streamed answers that hold only text and usage (what chat answers are), read and written
/// with <see cref="Utf8JsonReader"/>/<see cref="Utf8JsonWriter"/> directly. Microsoft.Extensions.AI's own serialization
/// of <see cref="ChatResponseUpdate"/> builds polymorphic <see cref="AIContent"/> metadata first: ~5 ms of every Native
/// AOT process that replays a cached answer (perf). Anything else (tool calls, images, extra properties that are not
/// strings) keeps M.E.AI's format; the reader tells the two apart by the first property.
/// </summary>
internal static class TextUpdatesFormat
{
    private const string Marker = "aideText";

    public static bool TryWrite(IReadOnlyList<ChatResponseUpdate> updates, out byte[] bytes)
    {
        bytes = [];
        foreach (var update in updates)
        {
            if (update.AuthorName is not null || update.ConversationId is not null || update.ContinuationToken is not null
                || update.AdditionalProperties?.Any(p => p.Value is not string) == true
                || update.Contents.Any(c => c.AdditionalProperties is { Count: > 0 } || c.Annotations is { Count: > 0 }
                    || (c.GetType() != typeof(TextContent) && (c is not UsageContent usage || usage.Details.AdditionalCounts is { Count: > 0 }))))
            {
                return false;
            }
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Marker, 1);
            writer.WriteStartArray("updates");
            foreach (var update in updates)
            {
                writer.WriteStartObject();
                writer.WriteIfSet("role", update.Role?.Value);
                writer.WriteIfSet("messageId", update.MessageId);
                writer.WriteIfSet("responseId", update.ResponseId);
                writer.WriteIfSet("modelId", update.ModelId);
                writer.WriteIfSet("finishReason", update.FinishReason?.Value);
                if (update.CreatedAt is { } created)
                {
                    writer.WriteString("createdAt", created);
                }

                if (update.AdditionalProperties is { Count: > 0 } properties)
                {
                    writer.WriteStartObject("properties");
                    foreach (var (name, value) in properties)
                    {
                        writer.WriteString(name, (string)value!);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteStartArray("contents");
                foreach (var content in update.Contents)
                {
                    if (content is TextContent text)
                    {
                        writer.WriteStringValue(text.Text);
                    }
                    else
                    {
                        var details = ((UsageContent)content).Details;
                        writer.WriteStartObject();
                        writer.WriteIfSet("input", details.InputTokenCount);
                        writer.WriteIfSet("output", details.OutputTokenCount);
                        writer.WriteIfSet("total", details.TotalTokenCount);
                        writer.WriteIfSet("cachedInput", details.CachedInputTokenCount);
                        writer.WriteIfSet("reasoning", details.ReasoningTokenCount);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        bytes = buffer.ToArray();
        return true;
    }

    /// <summary>Reads the plain form; <see langword="false"/> for anything else (M.E.AI's format, or damage).</summary>
    public static bool TryRead(byte[] bytes, out List<ChatResponseUpdate> updates)
    {
        updates = [];
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(Marker, out var version) || version.GetInt32() != 1)
            {
                return false;
            }

            foreach (var item in root.GetProperty("updates").EnumerateArray())
            {
                var update = new ChatResponseUpdate
                {
                    Role = Text(item, "role") is { } role ? new ChatRole(role) : null,
                    MessageId = Text(item, "messageId"),
                    ResponseId = Text(item, "responseId"),
                    ModelId = Text(item, "modelId"),
                    FinishReason = Text(item, "finishReason") is { } finish ? new ChatFinishReason(finish) : null,
                    CreatedAt = item.TryGetProperty("createdAt", out var created) ? created.GetDateTimeOffset() : null,
                };
                if (item.TryGetProperty("properties", out var properties))
                {
                    update.AdditionalProperties = [];
                    foreach (var property in properties.EnumerateObject())
                    {
                        update.AdditionalProperties[property.Name] = property.Value.GetString();
                    }
                }

                foreach (var content in item.GetProperty("contents").EnumerateArray())
                {
                    update.Contents.Add(content.ValueKind == JsonValueKind.String
                        ? new TextContent(content.GetString())
                        : new UsageContent(new UsageDetails
                        {
                            InputTokenCount = Number(content, "input"),
                            OutputTokenCount = Number(content, "output"),
                            TotalTokenCount = Number(content, "total"),
                            CachedInputTokenCount = Number(content, "cachedInput"),
                            ReasoningTokenCount = Number(content, "reasoning"),
                        }));
                }

                updates.Add(update);
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            updates = [];
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetInt64() : null;
}
