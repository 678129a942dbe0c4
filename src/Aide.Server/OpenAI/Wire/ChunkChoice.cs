using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

internal sealed class ChunkChoice
{
    public int Index { get; init; }

    public required ChunkDelta Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
