using Aide.Cli.Tests.Support;
using Aide.Conversations.Store;
using Aide.Turns;

namespace Aide.Cli.Tests;

/// <summary>Replies that are not real answers are errors, never an empty success, and never reach the cache (issue 28).</summary>
public sealed class OddReplyTests : LoopbackTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<AideResult> Ask(params string[] args) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--retries", "0", .. args]);

    public static TheoryData<string, string, string> NoAnswers => new()
    {
        { "garbage", "text/event-stream", "<html>Service unavailable</html>" },
        { "empty", "text/event-stream", string.Empty },
        { "json garbage", "application/json", "{\"status\": \"ok\"}" },
    };

    [Theory]
    [MemberData(nameof(NoAnswers))]
    public async Task A_200_with_no_answer_in_it_is_a_bad_response_saved_nowhere(string name, string contentType, string body)
    {
        Server.Enqueue(Respond.Raw(contentType, body));

        var result = await Ask("--session", "odd", "Hi");
        var again = await Ask("--session", "odd", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sent no answer", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(0, again.ExitCode); // asked the model again: nothing empty was cached
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task A_whole_completion_sent_where_a_stream_was_asked_for_is_read_as_the_answer()
    {
        Server.Enqueue(Respond.IgnoringStream("Answered at once."));

        var result = await Ask("--json", "Hi");

        Assert.Equal(0, result.ExitCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        Assert.Equal(("Answered at once.", "stop"), (json["text"]!.GetValue<string>(), json["finishReason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_stream_cut_off_without_finish_reason_or_done_fails_is_saved_marked_incomplete_and_not_cached()
    {
        Server.Enqueue(Respond.Unfinished("Half", " an answer"));

        var result = await Ask("--session", "cut", "Hi");
        var again = await Ask("--session", "cut2", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Half an answer\n", result.Stdout);
        Assert.Contains("before the end", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("Hello from loopback.\n", again.Stdout); // not replayed from the cache
        await using var store = SqliteConversationStore.Open(Home.DatabaseFile);
        var messages = await store.GetMessagesAsync((await store.FindAsync("cut", Ct))!.Id, Ct);
        Assert.Equal(["Hi", "Half an answer"], messages.Select(m => m.Content));
        Assert.True(TurnMetadata.IsIncomplete(messages[1].Metadata));
    }

    [Fact]
    public async Task A_line_without_end_is_stopped_at_the_cap_with_a_clear_error()
    {
        Server.Enqueue(Respond.EndlessLine(64L << 20, "Start"));

        var result = await Ask("Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("without a line break", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_over_maxAnswerSize_is_stopped_with_a_clear_error()
    {
        Server.Enqueue(Respond.Answer([.. Enumerable.Repeat(new string('y', 4000), 100)]));

        var result = await Ask("Hi", "--no-cache");
        Home.Environment["AIDE_MAX_ANSWER_SIZE"] = "100KB";
        Server.Enqueue(Respond.Answer([.. Enumerable.Repeat(new string('y', 4000), 100)]));
        var capped = await Ask("Hi", "--no-cache");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, capped.ExitCode);
        Assert.Contains("maxAnswerSize", capped.Stderr, StringComparison.Ordinal);
    }
}
