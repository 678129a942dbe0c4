using System.Buffers;
using System.Text.Json;

namespace Aide.Providers.Http;

/// <summary>
/// Turns a whole chat completion (<c>chat.completion</c> JSON) into the server-sent events of the same answer, for
/// OpenAI-compatible servers that ignore <c>"stream": true</c> and answer at once. The reply is unambiguous, so it
/// is read as what it is rather than as an event stream with no events (an empty answer).
/// </summary>
internal static class CompletionAsEvents
{
    /// <summary>Converts <paramref name="body"/> when it is a chat completion with choices; false for anything else.</summary>
    public static bool TryConvert(ReadOnlySpan<byte> body, out byte[] events)
    {
        events = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var output = new ArrayBufferWriter<byte>();
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                WriteEvent(output, root, writer =>
                {
                    writer.WriteStartObject();
                    Copy(writer, choice, "index");
                    writer.WriteStartObject("delta");
                    writer.WriteString("role", "assistant");
                    Copy(writer, message, "content");
                    if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                    {
                        // A delta's tool calls carry their position.
                        writer.WriteStartArray("tool_calls");
                        var index = 0;
                        foreach (var call in calls.EnumerateArray())
                        {
                            writer.WriteStartObject();
                            writer.WriteNumber("index", index++);
                            foreach (var property in call.EnumerateObject())
                            {
                                property.WriteTo(writer);
                            }

                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                    writer.WriteNull("finish_reason");
                    writer.WriteEndObject();
                });
                WriteEvent(output, root, writer =>
                {
                    writer.WriteStartObject();
                    Copy(writer, choice, "index");
                    writer.WriteStartObject("delta");
                    writer.WriteEndObject();
                    if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                    {
                        writer.WritePropertyName("finish_reason");
                        finish.WriteTo(writer);
                    }
                    else
                    {
                        writer.WriteString("finish_reason", "stop");
                    }

                    writer.WriteEndObject();
                });
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                WriteEvent(output, root, _ => { }, usage);
            }

            output.Write("data: [DONE]\n\n"u8);
            events = output.WrittenSpan.ToArray();
            return true;
        }
    }

    /// <summary>One <c>chat.completion.chunk</c> event with the completion's id, created and model, and one choice (or, with <paramref name="usage"/>, none).</summary>
    private static void WriteEvent(ArrayBufferWriter<byte> output, JsonElement completion, Action<Utf8JsonWriter> writeChoice, JsonElement? usage = null)
    {
        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            Copy(writer, completion, "id");
            writer.WriteString("object", "chat.completion.chunk");
            Copy(writer, completion, "created");
            Copy(writer, completion, "model");
            writer.WriteStartArray("choices");
            if (usage is null)
            {
                writeChoice(writer);
            }

            writer.WriteEndArray();
            if (usage is { } details)
            {
                writer.WritePropertyName("usage");
                details.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement from, string name)
    {
        if (from.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
