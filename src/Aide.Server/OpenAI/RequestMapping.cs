using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Server.OpenAI;

/// <summary>Turns a chat completions request into Aide's messages and options, or says which field is wrong.</summary>
internal static class RequestMapping
{
    public sealed record Problem(string Message, string Param);

    public static Problem? TryMap(ChatCompletionRequest request, out List<ChatMessage> messages, out ChatOptions options)
    {
        messages = [];
        options = new ChatOptions
        {
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens,
            Seed = request.Seed,
        };
        if (request.N is { } n && n != 1)
        {
            return new Problem("Only n=1 is supported: Aide asks for one answer per request.", "n");
        }

        if (request.Messages is not { Count: > 0 } sent)
        {
            return new Problem("'messages' must be a non-empty array of {role, content}.", "messages");
        }

        for (var i = 0; i < sent.Count; i++)
        {
            var message = sent[i];
            ChatRole? role = message.Role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                _ => null,
            };
            if (role is null)
            {
                return new Problem($"messages[{i}].role '{message.Role}' is not supported: use system, developer, user, assistant or tool.", $"messages[{i}].role");
            }

            if (Text(message.Content, out var text) is { } wrong)
            {
                return new Problem($"messages[{i}].content: {wrong}", $"messages[{i}].content");
            }

            if (ToolMapping.Message(role.Value, text, message, i, out var mapped) is { } toolProblem)
            {
                return toolProblem;
            }

            messages.Add(mapped);
        }

        if (ToolMapping.Options(request, options) is { } optionsProblem)
        {
            return optionsProblem;
        }

        if (request.Stop is { } stop)
        {
            switch (stop.ValueKind)
            {
                case JsonValueKind.String:
                    options.StopSequences = [stop.GetString()!];
                    break;
                case JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                    options.StopSequences = [.. stop.EnumerateArray().Select(s => s.GetString()!)];
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return new Problem("'stop' must be a string or an array of strings.", "stop");
            }
        }

        return null;
    }

    private static string? Text(JsonElement? content, out string text)
    {
        text = string.Empty;
        switch (content?.ValueKind)
        {
            case null or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                text = content.Value.GetString()!;
                return null;
            case JsonValueKind.Array:
                var joined = new StringBuilder();
                foreach (var part in content.Value.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueEquals("text") is false
                        || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                    {
                        return "only text parts ({\"type\":\"text\",\"text\":…}) are supported.";
                    }

                    joined.Append(partText.GetString());
                }

                text = joined.ToString();
                return null;
            default:
                return "must be a string or an array of text parts.";
        }
    }
}
