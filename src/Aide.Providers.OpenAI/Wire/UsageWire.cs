namespace Aide.Providers.OpenAI.Wire;

internal sealed class UsageWire
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    public PromptTokensWire? PromptTokensDetails { get; set; }

    public CompletionTokensWire? CompletionTokensDetails { get; set; }
}
