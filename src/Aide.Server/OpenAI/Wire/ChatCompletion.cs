namespace Aide.Server.OpenAI;

/// <summary>A non-streamed answer (<c>chat.completion</c>).</summary>
internal sealed class ChatCompletion
{
    public required string Id { get; init; }

    public string Object { get; } = "chat.completion";

    public required long Created { get; init; }

    public required string Model { get; init; }

    public required List<CompletionChoice> Choices { get; init; }

    public CompletionUsage? Usage { get; init; }
}
