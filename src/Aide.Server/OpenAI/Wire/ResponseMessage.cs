using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

internal sealed class ResponseMessage
{
    public string Role { get; } = "assistant";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }

    /// <summary>Gets the tool calls the client is to run, when the model asked for some.</summary>
    public List<WireToolCall>? ToolCalls { get; init; }
}
