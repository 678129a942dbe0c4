using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Server.OpenAI;

/// <summary>
/// OpenAI's tool calling on the wire and M.E.AI's contents: a client's tools become declarations (the client runs
/// them; Aide's function invocation hands their calls back), its <c>tool_calls</c> and <c>tool</c> messages become
/// <see cref="FunctionCallContent"/> and <see cref="FunctionResultContent"/>, and calls left for the client go out as
/// <c>tool_calls</c> again.
/// </summary>
internal static class ToolMapping
{
    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static RequestMapping.Problem? Message(ChatRole role, string text, RequestMessage message, int index, out ChatMessage mapped)
    {
        mapped = new ChatMessage(role, text);
        if (role == ChatRole.Tool)
        {
            if (message.ToolCallId is not { Length: > 0 } callId)
            {
                return new RequestMapping.Problem($"messages[{index}] has role tool but no tool_call_id.", $"messages[{index}].tool_call_id");
            }

            mapped = new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text)]);
            return null;
        }

        if (message.ToolCalls is not { Count: > 0 } calls)
        {
            return null;
        }

        if (role != ChatRole.Assistant)
        {
            return new RequestMapping.Problem($"messages[{index}]: only assistant messages carry tool_calls.", $"messages[{index}].tool_calls");
        }

        var contents = new List<AIContent>();
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        for (var c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (call.Id is not { Length: > 0 } id || call.Function?.Name is not { Length: > 0 } name)
            {
                return new RequestMapping.Problem($"messages[{index}].tool_calls[{c}] needs an id and a function name.", $"messages[{index}].tool_calls[{c}]");
            }

            if (Aide.Tools.ToolArguments.Parse(call.Function.Arguments) is not { } arguments)
            {
                return new RequestMapping.Problem($"messages[{index}].tool_calls[{c}].function.arguments must be a JSON object in a string.", $"messages[{index}].tool_calls[{c}].function.arguments");
            }

            contents.Add(new FunctionCallContent(id, name, arguments));
        }

        mapped = new ChatMessage(ChatRole.Assistant, contents);
        return null;
    }

    public static RequestMapping.Problem? Options(ChatCompletionRequest request, ChatOptions options)
    {
        if (request.Tools is { Count: > 0 } tools)
        {
            var declared = new List<AITool>();
            for (var i = 0; i < tools.Count; i++)
            {
                var tool = tools[i];
                if (tool.Type is not "function" || tool.Function?.Name is not { Length: > 0 } name)
                {
                    return new RequestMapping.Problem($"tools[{i}] must be {{\"type\":\"function\",\"function\":{{\"name\":…}}}}.", $"tools[{i}]");
                }

                var parameters = tool.Function.Parameters is { ValueKind: JsonValueKind.Object } given ? given : EmptyParameters;
                declared.Add(AIFunctionFactory.CreateDeclaration(name, tool.Function.Description, parameters));
            }

            options.Tools = declared;
        }

        options.AllowMultipleToolCalls = request.ParallelToolCalls;
        switch (request.ToolChoice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } choice when choice.ValueEquals("auto"):
                options.ToolMode = ChatToolMode.Auto;
                return null;
            case { ValueKind: JsonValueKind.String } choice when choice.ValueEquals("none"):
                options.ToolMode = ChatToolMode.None;
                return null;
            case { ValueKind: JsonValueKind.String } choice when choice.ValueEquals("required"):
                options.ToolMode = ChatToolMode.RequireAny;
                return null;
            case { ValueKind: JsonValueKind.Object } choice
                when choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                options.ToolMode = ChatToolMode.RequireSpecific(name.GetString()!);
                return null;
            default:
                return new RequestMapping.Problem("'tool_choice' must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice");
        }
    }

    /// <summary>The calls of an answer the client is to run (Aide ran the others, and they stay on the server).</summary>
    public static List<WireToolCall>? ForClient(IEnumerable<AIContent> contents, ChatOptions? options, bool indexed, ref int next)
    {
        List<WireToolCall>? calls = null;
        foreach (var content in contents)
        {
            if (content is FunctionCallContent call && !RunsHere(call.Name, options))
            {
                (calls ??= []).Add(new WireToolCall
                {
                    Index = indexed ? next++ : null,
                    Id = call.CallId,
                    Function = new WireFunctionCall { Name = call.Name, Arguments = Aide.Tools.ToolArguments.ToJson(call.Arguments) },
                });
            }
        }

        return calls;
    }

    private static bool RunsHere(string name, ChatOptions? options) =>
        options?.Tools?.FirstOrDefault(t => t.Name == name) is { } tool && Aide.Tools.ToolGuard.InfoOf(tool) is not null;
}
