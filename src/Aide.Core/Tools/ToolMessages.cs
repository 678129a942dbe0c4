using Aide.Conversations;
using Microsoft.Extensions.AI;

namespace Aide.Tools;

/// <summary>
/// A saved tool call as the messages a model expects: the assistant's call, then the tool's result. Each saved call is
/// a pair of its own, so a window that keeps some of a turn's calls and not others still sends valid messages.
/// </summary>
internal static class ToolMessages
{
    public static ChatMessage[] Of(ToolCallRecord call) =>
    [
        new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(call.CallId, call.Tool, ToolArguments.Parse(call.Arguments))]),
        new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, call.Result)]),
    ];

    /// <summary>A stored message as the messages it stands for: a tool message as its call and result, any other as it is.</summary>
    public static IEnumerable<ChatMessage> FromStored(StoredMessage message) =>
        message.Role == ChatRole.Tool.Value && message.Metadata is { } metadata
            && metadata.TryGetValue(ToolCallRecord.ToolKey, out var tool) && metadata.TryGetValue(ToolCallRecord.CallIdKey, out var callId)
            ? Of(new ToolCallRecord(callId, tool, metadata.GetValueOrDefault(ToolCallRecord.ArgumentsKey) ?? "{}", message.Content))
            : [new ChatMessage(new ChatRole(message.Role), message.Content)];

    /// <summary>What is saved of a call besides its result.</summary>
    public static Dictionary<string, string> Metadata(ToolCallRecord call) => new(StringComparer.Ordinal)
    {
        [ToolCallRecord.ToolKey] = call.Tool,
        [ToolCallRecord.CallIdKey] = call.CallId,
        [ToolCallRecord.ArgumentsKey] = call.Arguments,
    };

    /// <summary>The text a call costs in a window: its name, arguments and result.</summary>
    public static string CountedText(ToolCallRecord call) => call.Tool + " " + call.Arguments + "\n" + call.Result;
}
