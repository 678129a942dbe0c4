namespace Aide.Server.OpenAI;

internal sealed class ModelInfo
{
    public required string Id { get; init; }

    public string Object { get; } = "model";

    public long Created { get; init; }

    public required string OwnedBy { get; init; }
}
