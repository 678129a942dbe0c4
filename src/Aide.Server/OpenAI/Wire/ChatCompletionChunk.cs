using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

/// <summary>One chunk of a streamed answer (<c>chat.completion.chunk</c>); every chunk of an answer has the same id, created and model.</summary>
internal sealed class ChatCompletionChunk
{
    public required string Id { get; init; }

    public string Object { get; } = "chat.completion.chunk";

    public required long Created { get; init; }

    public required string Model { get; init; }

    public required List<ChunkChoice> Choices { get; init; }

    /// <summary>Null on every chunk but the usage chunk (with <c>include_usage</c>), as OpenAI sends it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CompletionUsage? Usage { get; init; }
}
