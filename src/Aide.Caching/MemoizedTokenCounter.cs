using Aide.Conversations.Tokens;

namespace Aide.Caching;

/// <summary>A token counter that asks <see cref="TokenCountMemo"/> first and the real counter (loading its encoding) only on a miss.</summary>
internal sealed class MemoizedTokenCounter(ITokenCounter inner, TokenCountMemo memo) : ITokenCounter
{
    public string Name => inner.Name;

    public bool IsExact => inner.IsExact;

    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        if (memo.TryGet(inner.Name, text, out var tokens))
        {
            return tokens;
        }

        tokens = inner.CountTokens(text);
        memo.Put(inner.Name, text, tokens);
        return tokens;
    }
}
