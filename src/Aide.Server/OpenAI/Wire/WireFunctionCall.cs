namespace Aide.Server.OpenAI;

/// <summary>The function of a tool call: its name and its arguments as a JSON string.</summary>
internal sealed class WireFunctionCall
{
    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
