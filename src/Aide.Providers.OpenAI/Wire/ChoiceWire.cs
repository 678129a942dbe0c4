namespace Aide.Providers.OpenAI.Wire;

internal sealed class ChoiceWire
{
    public int Index { get; set; }

    public MessageWire? Message { get; set; }

    public MessageWire? Delta { get; set; }

    public string? FinishReason { get; set; }
}
