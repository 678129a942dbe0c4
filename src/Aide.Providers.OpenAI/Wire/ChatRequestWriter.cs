using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Providers.OpenAI.Wire;

/// <summary>
/// Writes a chat completions request body (OpenAI's wire format, as the OpenAI SDK sends it) straight from
/// Microsoft.Extensions.AI's messages and options with a <see cref="Utf8JsonWriter"/>: no intermediate objects.
/// </summary>
internal static class ChatRequestWriter
{
    public static void Write(IBufferWriter<byte> output, IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteString("model"u8, options?.ModelId ?? model);
        json.WriteStartArray("messages"u8);
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, "system"u8);
            json.WriteString("content"u8, instructions);
            json.WriteEndObject();
        }

        foreach (var message in messages)
        {
            WriteMessage(json, message);
        }

        json.WriteEndArray();
        if (stream)
        {
            json.WriteBoolean("stream"u8, true);
            json.WriteStartObject("stream_options"u8);
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
        }

        if (options is not null)
        {
            WriteOptions(json, options);
        }

        json.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions options)
    {
        WriteNumber(json, "temperature"u8, options.Temperature);
        WriteNumber(json, "top_p"u8, options.TopP);
        WriteNumber(json, "frequency_penalty"u8, options.FrequencyPenalty);
        WriteNumber(json, "presence_penalty"u8, options.PresencePenalty);
        if (options.MaxOutputTokens is { } max)
        {
            json.WriteNumber("max_completion_tokens"u8, max);
        }

        if (options.Seed is { } seed)
        {
            json.WriteNumber("seed"u8, seed);
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            json.WriteStartArray("stop"u8);
            foreach (var sequence in stop)
            {
                json.WriteStringValue(sequence);
            }

            json.WriteEndArray();
        }

        WriteResponseFormat(json, options.ResponseFormat);
        WriteTools(json, options);
        if (options.AdditionalProperties is { Count: > 0 } extra)
        {
            // Anything else the caller set goes to the server as it is (as the SDK's "extra body" does).
            foreach (var (name, value) in extra)
            {
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)));
            }
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, ReadOnlySpan<byte> name, float? value)
    {
        if (value is { } number)
        {
            // Written as the shortest text that reads back as the same float: 0.7f goes out as 0.7.
            json.WriteNumber(name, number);
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson structured)
        {
            return;
        }

        json.WriteStartObject("response_format"u8);
        if (structured.Schema is { } schema)
        {
            json.WriteString("type"u8, "json_schema"u8);
            json.WriteStartObject("json_schema"u8);
            json.WriteString("name"u8, structured.SchemaName ?? "json_schema");
            if (structured.SchemaDescription is { } description)
            {
                json.WriteString("description"u8, description);
            }

            json.WritePropertyName("schema"u8);
            schema.WriteTo(json);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("type"u8, "json_object"u8);
        }

        json.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter json, ChatOptions options)
    {
        var functions = options.Tools?.OfType<AIFunctionDeclaration>().ToList();
        if (functions is not { Count: > 0 })
        {
            return;
        }

        json.WriteStartArray("tools"u8);
        foreach (var function in functions)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "function"u8);
            json.WriteStartObject("function"u8);
            json.WriteString("name"u8, function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                json.WriteString("description"u8, function.Description);
            }

            json.WritePropertyName("parameters"u8);
            function.JsonSchema.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                json.WriteString("tool_choice"u8, "none"u8);
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                json.WriteStartObject("tool_choice"u8);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, name);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            case RequiredChatToolMode:
                json.WriteString("tool_choice"u8, "required"u8);
                break;
            case AutoChatToolMode:
                json.WriteString("tool_choice"u8, "auto"u8);
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            json.WriteBoolean("parallel_tool_calls"u8, parallel);
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, ChatMessage message)
    {
        // Each tool result is its own message with role "tool", as OpenAI asks.
        foreach (var result in message.Contents.OfType<FunctionResultContent>())
        {
            json.WriteStartObject();
            json.WriteString("role"u8, "tool"u8);
            json.WriteString("tool_call_id"u8, result.CallId);
            json.WriteString("content"u8, ResultText(result.Result));
            json.WriteEndObject();
        }

        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var parts = message.Contents.Where(c => c is TextContent or DataContent or UriContent).ToList();
        if (parts.Count == 0 && calls.Count == 0 && message.Contents.Count > 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role"u8, Role(message.Role));
        if (message.AuthorName is { Length: > 0 } author)
        {
            json.WriteString("name"u8, author);
        }

        WriteContent(json, parts, calls.Count > 0);
        if (calls.Count > 0)
        {
            json.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, call.CallId);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, call.Name);
                json.WriteString("arguments"u8, JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter json, List<AIContent> parts, bool hasCalls)
    {
        if (parts.Count == 0)
        {
            if (hasCalls)
            {
                json.WriteNull("content"u8);
            }
            else
            {
                json.WriteString("content"u8, string.Empty);
            }

            return;
        }

        if (parts.All(p => p is TextContent))
        {
            // Text alone goes as one string, which every OpenAI-compatible server reads.
            json.WriteString("content"u8, parts.Count == 1 ? ((TextContent)parts[0]).Text : string.Concat(parts.Select(p => ((TextContent)p).Text)));
            return;
        }

        json.WriteStartArray("content"u8);
        foreach (var part in parts)
        {
            json.WriteStartObject();
            switch (part)
            {
                case TextContent text:
                    json.WriteString("type"u8, "text"u8);
                    json.WriteString("text"u8, text.Text);
                    break;
                case DataContent data:
                    json.WriteString("type"u8, "image_url"u8);
                    json.WriteStartObject("image_url"u8);
                    json.WriteString("url"u8, data.Uri);
                    json.WriteEndObject();
                    break;
                case UriContent uri:
                    json.WriteString("type"u8, "image_url"u8);
                    json.WriteStartObject("image_url"u8);
                    json.WriteString("url"u8, uri.Uri.ToString());
                    json.WriteEndObject();
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };

    private static string Role(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role == ChatRole.User ? "user"
        : role.Value;
}
