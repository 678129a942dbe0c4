namespace Aide.Server.OpenAI;

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed class ModelList
{
    public string Object { get; } = "list";

    public required List<ModelInfo> Data { get; init; }
}
