using Microsoft.ML.Tokenizers;

namespace Aide.Conversations.Tokens;

/// <summary>A Tiktoken encoding, optionally scaled by a safety margin when it stands in for another tokenizer.</summary>
internal sealed class TiktokenCounter(string name, Lazy<Tokenizer> tokenizer, double margin) : ITokenCounter
{
    public string Name => name;

    public bool IsExact => margin == 1.0;

    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        var count = tokenizer.Value.CountTokens(text, considerPreTokenization: true, considerNormalization: false);
        return margin == 1.0 ? count : (int)Math.Ceiling(count * margin);
    }

    public void Load() => _ = tokenizer.Value;
}
