using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Chat turns are journaled as events, and <c>aide events</c> reads, filters and follows them.</summary>
public sealed class EventsCommandTests : LoopbackTestBase
{
    private string JournalFile => Path.Combine(Home.Root, "data", "aide", "events", "events.jsonl");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // These tests count the chat events of a turn; saved conversations add context events (tested in HistoryCommandTests).
        Home.Environment["AIDE_HISTORY"] = "false";
        Home.Environment["AIDE_CACHE"] = "false"; // these tests count chat events; the cache has its own tests
    }

    [Fact]
    public async Task A_chat_turn_is_journaled_as_started_and_completed_with_one_correlation_id()
    {
        await Ask("--model", Respond.Model, "a-private-question-1234");

        var events = await Events("--json");

        Assert.Equal(["ChatRequestStarted", "ChatResponseCompleted", "UsageRecorded"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Single(events.Select(e => e["correlationId"]!.GetValue<string>()).Distinct());
        Assert.Equal($"openai={Server.BaseUrl}", events[1]["provider"]!.GetValue<string>());
        Assert.Equal(3, events[1]["outputTokens"]!.GetValue<long>());
        Assert.DoesNotContain("a-private-question-1234", File.ReadAllText(JournalFile), StringComparison.Ordinal); // events carry no message text
    }

    [Fact]
    public async Task A_saved_turn_s_chat_cache_and_context_events_share_its_session_and_correlation_id()
    {
        Home.Environment["AIDE_HISTORY"] = "true";
        Home.Environment["AIDE_CACHE"] = "true";
        await Ask("--model", Respond.Model, "--session", "work", "first");
        await Ask("--model", Respond.Model, "--session", "again", "first"); // the same request: from the cache
        await Ask("--model", Respond.Model, "--json", "a new conversation");

        var work = await Events("--session", "work", "--json");
        var again = await Events("--session", "again", "--json");

        foreach (var (session, events, lookup) in new[] { ("work", work, "CacheMiss"), ("again", again, "CacheHit") })
        {
            Assert.All(events, e => Assert.Equal(session, e["sessionId"]!.GetValue<string>()));
            var turn = Assert.Single(events.GroupBy(e => e["correlationId"]?.GetValue<string>()));
            Assert.NotNull(turn.Key);
            Assert.Superset(new HashSet<string> { "ChatRequestStarted", lookup, "ChatResponseCompleted", "ContextUpdated" }, turn.Select(e => e["type"]!.GetValue<string>()).ToHashSet());
        }

        var generated = (await Events("--json")).Where(e => e["sessionId"]?.GetValue<string>() is not (null or "work" or "again")).ToList();
        Assert.Contains(generated, e => e["type"]!.GetValue<string>() == "ChatResponseCompleted");
    }

    [Fact]
    public async Task Filters_select_by_type_and_category_and_reject_unknown_names()
    {
        await Ask("Hi");
        Server.Enqueue(Respond.Error(401, "no"));
        await Ask("Hi");

        var failed = await Events("--json", "--type", "chatrequestfailed");
        var cache = await Events("--json", "--category", "cache");
        var unknown = await AideProcess.RunAsync(Home, "events", "--type", "CacheHitz");

        var only = Assert.Single(failed);
        Assert.Equal("Unauthorized", only["errorKind"]!.GetValue<string>());
        Assert.Empty(cache);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown event type 'CacheHitz'", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_output_has_one_readable_line_per_event()
    {
        await Ask("Hi");

        var result = await AideProcess.RunAsync(Home, "events");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("chat     ChatResponseCompleted", lines[1], StringComparison.Ordinal);
        Assert.Contains("chat     UsageRecorded", lines[2], StringComparison.Ordinal);
        Assert.Contains("outputTokens=3", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"  latency=\d+(\.\d+)? (ms|s)  ", lines[1]); // durations read as durations, not 00:00:00.0123456
    }

    [Fact]
    public async Task Journal_can_be_turned_off()
    {
        Home.Environment["AIDE_JOURNAL"] = "false";

        var result = await Ask("Hi");
        var events = await AideProcess.RunAsync(Home, "events");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(JournalFile));
        Assert.Equal("No events: the journal is off. Turn it on with: aide config set journal true", events.Stdout.Trim());
    }

    [Fact]
    public async Task The_one_line_view_prints_text_as_itself_but_never_a_control_character()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(JournalFile)!);
        await File.WriteAllTextAsync(
            JournalFile,
            """{"type":"ContextEntityDetected","entityId":"name:1","kind":"name","text":"José\u001b[2J García","change":"Added","id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","timestamp":"2026-11-28T00:00:00+00:00","source":"test","severity":"Info"}""" + "\n",
            TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(Home, "events");

        Assert.Contains("text=José\\u001B[2J García", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public async Task An_empty_result_says_why_except_to_scripts()
    {
        var fresh = await AideProcess.RunAsync(Home, "events");
        await Ask("Hi");
        var unmatched = await AideProcess.RunAsync(Home, "events", "--category", "health");
        var json = await AideProcess.RunAsync(Home, "events", "--category", "health", "--json");

        Assert.StartsWith("No events recorded yet.", fresh.Stdout, StringComparison.Ordinal);
        Assert.Equal("No events match (3 in the journal).", unmatched.Stdout.Trim());
        Assert.Equal(0, json.ExitCode);
        Assert.Empty(json.Stdout);
    }

    [Fact]
    public async Task An_unwritable_data_folder_gives_one_warning_and_the_answer_still_arrives()
    {
        var notAFolder = Path.Combine(Home.Root, "data-is-a-file");
        await File.WriteAllTextAsync(notAFolder, "x", TestContext.Current.CancellationToken);
        Home.Environment["XDG_DATA_HOME"] = notAFolder;

        var result = await Ask("Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from loopback.\n", result.Stdout);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("cannot be written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_torn_journal_line_is_skipped_with_a_warning()
    {
        await Ask("Hi");
        await File.AppendAllTextAsync(JournalFile, "{\"type\":\"ChatRequestStar", TestContext.Current.CancellationToken);
        await Ask("Again");

        var result = await AideProcess.RunAsync(Home, "events", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(6, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // started, completed, usage: twice
        Assert.Contains("skipped 1 unreadable journal line", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_journal_at_once_without_losing_or_mangling_events()
    {
        await Task.WhenAll(Ask("one"), Ask("two"), Ask("three"));

        var events = await Events("--json");

        Assert.Equal(9, events.Count); // started, completed and usage recorded, three times
        Assert.Equal(3, events.Select(e => e["correlationId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Follow_prints_new_events_until_Ctrl_C()
    {
        await using var follower = AideProcess.Start(Home, ["events", "--follow", "--json"]);
        await Ask("Hi");
        await follower.WaitForStdoutAsync("ChatResponseCompleted");
        await follower.SendInterruptAsync();

        var result = await follower.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ChatRequestStarted", result.Stdout, StringComparison.Ordinal);
    }

    private Task<AideResult> Ask(params string[] args) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", .. args]);

    private async Task<List<JsonNode>> Events(params string[] args)
    {
        var result = await AideProcess.RunAsync(Home, ["events", .. args]);
        Assert.Equal(0, result.ExitCode);
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
    }
}
