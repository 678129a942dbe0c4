namespace Aide.Providers.OpenAI.Wire;

internal sealed class MessageWire
{
    public string? Role { get; set; }

    public string? Content { get; set; }

    public string? Refusal { get; set; }

    public List<ToolCallWire>? ToolCalls { get; set; }
}
