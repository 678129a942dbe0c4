namespace Aide.Providers.OpenAI.Wire;

internal sealed class ToolCallWire
{
    /// <summary>Gets or sets which call a streamed fragment belongs to (streams send a call in pieces).</summary>
    public int? Index { get; set; }

    public string? Id { get; set; }

    public FunctionWire? Function { get; set; }
}
