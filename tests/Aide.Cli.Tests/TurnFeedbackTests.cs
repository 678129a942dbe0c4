using Aide.Cli.Chat;
using Aide.Cli.Tests.Support;
using System.Text.RegularExpressions;
using Aide.Events;

namespace Aide.Cli.Tests;

/// <summary>The spinner and notices on a terminal's standard error, and their absence when piped or quiet.</summary>
public sealed class TurnFeedbackTests : LoopbackTestBase
{
    [Fact]
    public async Task A_slow_first_token_shows_a_spinner_that_is_gone_before_the_answer()
    {
        // The first token comes 600 ms after the request arrives (four times the spinner's 150 ms), however fast the
        // process started: a native aide reaches the server within a few milliseconds of starting.
        Server.Enqueue(async (context, request) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted);
            await Respond.Answer("Hello", " there.")(context, request);
        });

        var result = await TerminalRun.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello there.\n", result.Stdout); // the answer's bytes, untouched by the spinner
        Assert.Contains($"waiting for openai={Server.BaseUrl}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\r\u001b[K", result.Stderr, StringComparison.Ordinal); // the line taken back
    }

    [Fact]
    public async Task Failover_and_a_retry_after_429_are_told_on_one_line_each()
    {
        await using var second = await LoopbackOpenAIServer.StartAsync();
        Server.Enqueue(Respond.Error(429, "slow down", ("Retry-After", "0")), Respond.Error(500, "boom"));

        var result = await TerminalRun.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--provider", $"openai={second.BaseUrl}", "--no-cache", "--retries", "1", "hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from loopback.\n", result.Stdout);
        Assert.Matches($@"openai={Regex.Escape(Server.BaseUrl)} \(gpt-4o-mini\) answered HTTP 429; retrying in 0\.0 s \(retry 1\)", result.Stderr);
        Assert.Contains($"openai={Server.BaseUrl} failed (HTTP 500); answering from openai={second.BaseUrl}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_answer_says_how_old_it_is()
    {
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "What is 2+2?");

        var cached = await TerminalRun.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "What is 2+2?");

        Assert.Equal(0, cached.ExitCode);
        Assert.Single(Server.ChatRequests);
        Assert.Contains("(cached just now · --refresh to ask again)", cached.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_or_piped_standard_error_shows_none_of_it()
    {
        Server.Enqueue(Respond.Error(500, "boom"));
        await using var second = await LoopbackOpenAIServer.StartAsync();
        string[] args = ["ask", "--provider", $"openai={Server.BaseUrl}", "--provider", $"openai={second.BaseUrl}", "--retries", "0", "hi"];

        var quiet = await TerminalRun.RunAsync(Home, [.. args, "--quiet", "--no-cache"]);
        var piped = await AideProcess.RunAsync(Home, [.. args, "--no-cache"]);

        Assert.Equal(0, quiet.ExitCode);
        Assert.DoesNotContain("answering from", quiet.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting for", quiet.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, piped.Stderr);
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(180, "3 min ago")]
    [InlineData(7200, "2 h ago")]
    [InlineData(259200, "3 days ago")]
    public void Ages_read_naturally(int seconds, string expected) => Assert.Equal(expected, TurnFeedback.Age(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_failover_reason_without_a_status_is_its_kind_in_words()
    {
        var failover = new ProviderFailover("openai=a", "ollama=b", "Unreachable: connection refused") { Source = "t", Timestamp = DateTimeOffset.UnixEpoch };
        Assert.Equal("openai=a failed (unreachable); answering from ollama=b", TurnFeedback.FailoverNotice(failover));
        var retry = new ChatRetrying("openai=a", "ServerError", null, 2, TimeSpan.FromSeconds(1.5)) { Source = "t", Timestamp = DateTimeOffset.UnixEpoch };
        Assert.Equal("openai=a failed (server error); retrying in 1.5 s (retry 2)", TurnFeedback.RetryNotice(retry));
    }
}
