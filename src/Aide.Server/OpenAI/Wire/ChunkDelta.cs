namespace Aide.Server.OpenAI;

internal sealed class ChunkDelta
{
    public string? Role { get; init; }

    public string? Content { get; init; }

    public List<WireToolCall>? ToolCalls { get; init; }
}
