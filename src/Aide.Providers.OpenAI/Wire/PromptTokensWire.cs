namespace Aide.Providers.OpenAI.Wire;

internal sealed class PromptTokensWire
{
    public long? CachedTokens { get; set; }
}
