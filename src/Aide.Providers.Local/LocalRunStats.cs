namespace Aide.Providers.Local;

/// <summary>Token counts of one local generation.</summary>
/// <param name="PromptTokens">Tokens in the templated prompt.</param>
/// <param name="ReusedTokens">Prompt tokens already in the KV cache from the previous turn (not evaluated again).</param>
/// <param name="OutputTokens">Tokens generated.</param>
internal sealed record LocalRunStats(int PromptTokens, int ReusedTokens, int OutputTokens);
