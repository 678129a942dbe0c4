using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

internal sealed class ResponseMessage
{
    public string Role { get; } = "assistant";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }
}
