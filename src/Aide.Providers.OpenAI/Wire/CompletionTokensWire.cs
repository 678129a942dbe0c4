namespace Aide.Providers.OpenAI.Wire;

internal sealed class CompletionTokensWire
{
    public long? ReasoningTokens { get; set; }
}
