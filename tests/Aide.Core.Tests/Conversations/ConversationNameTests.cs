using System.Text.RegularExpressions;
using Aide.Conversations;

namespace Aide.Core.Tests.Conversations;

public sealed class ConversationNameTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Please explain, in as much detail as you can, how a write-ahead log keeps a database consistent after a crash", "explain-much-detail")]
    [InlineData("Why does `git rebase -i` rewrite commits?", "git-rebase-rewrite")]
    [InlineData("What is it?", "what-is-it")] // only small words: they are all there is
    [InlineData("Résumé: naïve café", "resume-naive-cafe")] // accents folded (Latin-1), so the words survive
    [InlineData("Ça coûte 5 €", "ca-coute-5")]
    [InlineData("supercalifragilisticexpialidociouslyextraordinarilylongword now", "supercalifragilisticexpi")]
    public void A_question_gives_a_readable_unique_name(string question, string expected)
    {
        var name = ConversationName.FromQuestion(question, Now);

        Assert.Matches($"^{Regex.Escape(expected)}-[0-9a-f]{{4}}$", name);
        Assert.Equal(name, ConversationName.Validate(name));
        Assert.NotEqual(name, Enumerable.Range(0, 5).Select(_ => ConversationName.FromQuestion(question, Now)).First(n => n != name)); // a fresh suffix each time
    }

    [Theory]
    [InlineData("日本語で答えてください")]
    [InlineData("  ?! ")]
    [InlineData("")]
    public void A_question_without_ascii_words_gets_a_time_name(string question)
    {
        Assert.Matches(@"^20261207-150000-[0-9a-f]{4}$", ConversationName.FromQuestion(question, Now));
    }
}
