using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

internal sealed class CompletionChoice
{
    public int Index { get; init; }

    public required ResponseMessage Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
