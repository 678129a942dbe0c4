using Microsoft.ML.Tokenizers;

namespace Aide.Conversations.Tokens;

/// <summary>
/// Picks the token counter for a model. OpenAI families are counted exactly with Microsoft.ML.Tokenizers' Tiktoken
/// (data from the offline O200kBase/Cl100kBase packages, nothing downloaded): gpt-4o, gpt-4.1, gpt-5, o1/o3/o4 →
/// o200k_base; gpt-4, gpt-3.5, text-embedding-3 → cl100k_base. Other models (Llama, Mistral, Qwen, Gemma, Phi, …) ship
/// tokenizers Aide does not have offline; for them the count is o200k_base × <see cref="EstimateMargin"/>, rounded up.
/// Their vocabularies are smaller than o200k's, so they need more tokens for the same text; the 25% margin keeps the
/// window on the safe side (an estimate that is too high leaves out a turn, one too low overflows the model).
/// Encodings load lazily, once per process, off the start-up path: nothing is read until the first count.
/// </summary>
public static class TokenCounters
{
    /// <summary>The factor applied to o200k_base counts for models without a known tokenizer.</summary>
    public const double EstimateMargin = 1.25;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Returns the counter for <paramref name="model"/>.</summary>
    /// <param name="model">The model name as the provider knows it, or <see langword="null"/> if unknown.</param>
    /// <returns>An exact counter for OpenAI families, an estimating one otherwise.</returns>
    public static ITokenCounter ForModel(string? model)
    {
        var name = (model ?? string.Empty).Trim().ToLowerInvariant();
        var slash = name.LastIndexOf('/');
        name = slash >= 0 ? name[(slash + 1)..] : name;
        if (name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.1", StringComparison.Ordinal) || name.StartsWith("gpt-4.5", StringComparison.Ordinal)
            || name.StartsWith("gpt-5", StringComparison.Ordinal) || name.StartsWith("chatgpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-oss", StringComparison.Ordinal)
            || IsReasoningModel(name))
        {
            return new TiktokenCounter("o200k_base", O200k, 1.0);
        }

        if (name.StartsWith("gpt-4", StringComparison.Ordinal) || name.StartsWith("gpt-3.5", StringComparison.Ordinal) || name.StartsWith("text-embedding", StringComparison.Ordinal))
        {
            return new TiktokenCounter("cl100k_base", Cl100k, 1.0);
        }

        return new TiktokenCounter("≈o200k_base×1.25", O200k, EstimateMargin);
    }

    /// <summary>Loads the encodings on a thread-pool thread now, so the first count does not wait for them.</summary>
    /// <param name="counter">The counter whose encoding to load.</param>
    public static void Warm(ITokenCounter counter)
    {
        if (counter is TiktokenCounter tiktoken)
        {
            _ = Task.Run(tiktoken.Load);
        }
    }

    /// <summary>The context window of well-known model families, for when <c>contextTokens</c> is not configured.</summary>
    /// <param name="model">The model name.</param>
    /// <returns>The window in tokens; 8192 when the family is unknown (a size nearly every current model supports).</returns>
    public static int DefaultContextTokens(string? model)
    {
        var name = (model ?? string.Empty).ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("gpt-4.1", StringComparison.Ordinal) => 1_047_576,
            _ when name.Contains("gpt-5", StringComparison.Ordinal) => 400_000,
            _ when name.Contains("gpt-4o", StringComparison.Ordinal) || name.Contains("gpt-4-turbo", StringComparison.Ordinal) => 128_000,
            _ when IsReasoningModel(name) => 200_000,
            _ when name.Contains("gpt-3.5", StringComparison.Ordinal) => 16_385,
            _ when name.StartsWith("gpt-4", StringComparison.Ordinal) => 8_192,
            _ when name.Contains("llama3.1", StringComparison.Ordinal) || name.Contains("llama-3.1", StringComparison.Ordinal)
                || name.Contains("llama3.2", StringComparison.Ordinal) || name.Contains("llama-3.2", StringComparison.Ordinal) => 131_072,
            _ when name.Contains("qwen2.5", StringComparison.Ordinal) || name.Contains("qwen3", StringComparison.Ordinal) => 32_768,
            _ when name.Contains("mistral", StringComparison.Ordinal) => 32_768,
            _ => 8_192,
        };
    }

    private static bool IsReasoningModel(string name) =>
        name.Length >= 2 && name[0] == 'o' && char.IsAsciiDigit(name[1]);
}
