namespace Aide.Providers.OpenAI.Wire;

internal sealed class FunctionWire
{
    public string? Name { get; set; }

    /// <summary>Gets or sets the arguments as JSON text (in pieces, when streamed).</summary>
    public string? Arguments { get; set; }
}
