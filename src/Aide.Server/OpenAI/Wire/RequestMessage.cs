using System.Text.Json;

namespace Aide.Server.OpenAI;

/// <summary>One message of a request: its content is a string or an array of parts (<c>{"type":"text","text":…}</c>).</summary>
internal sealed class RequestMessage
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }

    /// <summary>Gets or sets an assistant message's tool calls.</summary>
    public List<WireToolCall>? ToolCalls { get; set; }

    /// <summary>Gets or sets the call a <c>tool</c> message answers.</summary>
    public string? ToolCallId { get; set; }
}
