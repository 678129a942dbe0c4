namespace Aide.Server.OpenAI;

/// <summary>A tool call as OpenAI writes it: in an assistant message, a response message, or a stream delta (with its index).</summary>
internal sealed class WireToolCall
{
    /// <summary>Gets or sets the call's place in a streamed delta (left out elsewhere).</summary>
    public int? Index { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; } = "function";

    public WireFunctionCall? Function { get; set; }
}
