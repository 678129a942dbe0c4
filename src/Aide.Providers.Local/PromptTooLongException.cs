namespace Aide.Providers.Local;

/// <summary>The templated prompt does not fit the local model's context window.</summary>
internal sealed class PromptTooLongException(int promptTokens, int contextSize)
    : Exception($"The prompt is {promptTokens:N0} tokens but the local model's context holds {contextSize:N0} (including the answer). Shorten the conversation (aide context) or raise the context size.")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextSize { get; } = contextSize;
}
