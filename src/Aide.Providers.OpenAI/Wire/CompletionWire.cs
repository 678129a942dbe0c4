using System.Text.Json;

namespace Aide.Providers.OpenAI.Wire;

/// <summary>
/// What Aide reads of a chat completion (<c>chat.completion</c>) or of one streamed chunk (<c>chat.completion.chunk</c>):
/// one shape serves both, the answer being in <c>message</c> or <c>delta</c>. Unknown fields are skipped.
/// </summary>
internal sealed class CompletionWire
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public long? Created { get; set; }

    public List<ChoiceWire>? Choices { get; set; }

    public UsageWire? Usage { get; set; }

    /// <summary>Gets or sets an error some servers send inside a stream that had already started (<c>data: {"error": …}</c>).</summary>
    public JsonElement? Error { get; set; }
}
