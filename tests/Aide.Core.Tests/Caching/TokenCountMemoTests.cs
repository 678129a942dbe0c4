using Aide.Caching;
using Aide.Conversations.Tokens;

namespace Aide.Core.Tests.Caching;

/// <summary>The token-count memo: counts once per text and counter, survives the process, and never fails a count.</summary>
public sealed class TokenCountMemoTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("aide-memo-");

    private string MemoPath => Path.Combine(_directory.FullName, "token-counts.db");

    [Fact]
    public void A_text_is_counted_once_and_then_remembered_across_opens()
    {
        var inner = new CountingCounter("enc");
        using (var memo = TokenCountMemo.Open(MemoPath))
        {
            var counter = new MemoizedTokenCounter(inner, memo);
            Assert.Equal(5, counter.CountTokens("hello"));
            Assert.Equal(5, counter.CountTokens("hello"));
        }

        using (var reopened = TokenCountMemo.Open(MemoPath))
        {
            Assert.Equal(5, new MemoizedTokenCounter(inner, reopened).CountTokens("hello"));
        }

        Assert.Equal(1, inner.Calls);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MemoPath));
    }

    [Fact]
    public void Counters_and_texts_are_kept_apart()
    {
        using var memo = TokenCountMemo.Open(MemoPath);
        var exact = new MemoizedTokenCounter(new CountingCounter("exact"), memo);
        var estimate = new MemoizedTokenCounter(new CountingCounter("≈estimate", factor: 2), memo);

        Assert.Equal(5, exact.CountTokens("hello"));
        Assert.Equal(10, estimate.CountTokens("hello"));
        Assert.Equal(4, exact.CountTokens("help"));
    }

    [Fact]
    public void A_damaged_memo_file_only_turns_the_memo_off()
    {
        File.WriteAllText(MemoPath, "this is not a SQLite database, it is long enough to have a header page of garbage");
        var inner = new CountingCounter("enc");

        using var memo = TokenCountMemo.Open(MemoPath);
        var counter = new MemoizedTokenCounter(inner, memo);

        Assert.Equal(5, counter.CountTokens("hello"));
        Assert.Equal(5, counter.CountTokens("hello"));
        Assert.False(memo.IsEnabled);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void An_oversized_memo_starts_again_empty()
    {
        using (var stream = File.Create(MemoPath))
        {
            stream.SetLength(TokenCountMemo.MaxFileBytes + 1);
        }

        using var memo = TokenCountMemo.Open(MemoPath);

        Assert.True(memo.IsEnabled);
        Assert.True(new FileInfo(MemoPath).Length < TokenCountMemo.MaxFileBytes);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Counts one token per character (times a factor) and how often it was asked.</summary>
    private sealed class CountingCounter(string name, int factor = 1) : ITokenCounter
    {
        public int Calls { get; private set; }

        public string Name => name;

        public bool IsExact => factor == 1;

        public int CountTokens(ReadOnlySpan<char> text)
        {
            Calls++;
            return text.Length * factor;
        }
    }
}
