namespace Aide.Conversations.Tokens;

/// <summary>Counts tokens the way a model family's tokenizer does (exactly, or as a documented over-estimate).</summary>
public interface ITokenCounter
{
    /// <summary>Gets the encoding's name (e.g. <c>o200k_base</c>), with "≈" in front when counts are estimates.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether counts are exact for the model, not an estimate.</summary>
    bool IsExact { get; }

    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count.</returns>
    int CountTokens(ReadOnlySpan<char> text);
}
