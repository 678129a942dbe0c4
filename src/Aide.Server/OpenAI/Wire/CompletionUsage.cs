namespace Aide.Server.OpenAI;

internal sealed class CompletionUsage
{
    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long TotalTokens { get; init; }
}
