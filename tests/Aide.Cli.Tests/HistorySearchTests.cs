using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide history search</c> end to end: saved questions and answers found by their words.</summary>
public sealed class HistorySearchTests : LoopbackTestBase
{
    private Task<AideResult> Ask(string session, string question) =>
        AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "-s", session, question);

    [Fact]
    public async Task Search_finds_messages_by_their_words_with_snippets_and_json()
    {
        await Ask("trip", "Where is the best crêpe in Rennes?");
        await Ask("work", "Review the deployment script");

        var plain = await AideProcess.RunAsync(Home, "history", "search", "crepe", "rennes");
        var json = await AideProcess.RunAsync(Home, "history", "search", "loopback", "--json", "--limit", "5");
        var only = await AideProcess.RunAsync(Home, "history", "search", "loopback", "--session", "work", "--json");
        var none = await AideProcess.RunAsync(Home, "history", "search", "nothing-like-this");
        var empty = await AideProcess.RunAsync(Home, "history", "search", "--", "--");

        Assert.Equal(0, plain.ExitCode);
        Assert.StartsWith("trip #1 user · ", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Where is the best crêpe in Rennes?", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", plain.Stdout, StringComparison.Ordinal); // piped: no highlighting codes

        var hits = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Equal(2, hits.Count); // both answers ("Hello from loopback.")
        Assert.All(hits, h => Assert.Equal("assistant", h!["role"]!.GetValue<string>()));
        var first = hits[0]!;
        var match = first["matches"]![0]!.AsArray();
        Assert.Equal("loopback", first["snippet"]!.GetValue<string>()[match[0]!.GetValue<int>()..match[1]!.GetValue<int>()]);
        Assert.Equal("work", JsonNode.Parse(only.Stdout)!.AsArray().Single()!["conversation"]!.GetValue<string>());
        Assert.Contains("No saved message holds nothing-like-this.", none.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, empty.ExitCode);
    }
}
