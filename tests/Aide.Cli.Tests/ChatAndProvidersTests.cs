using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide chat</c> driven through piped input, and <c>aide providers</c>, against the loopback server.</summary>
public sealed class ChatAndProvidersTests : LoopbackTestBase
{
    [Fact]
    public async Task Chat_keeps_the_conversation_between_turns()
    {
        Server.Enqueue(Respond.Answer("First answer."), Respond.Answer("Second answer."));

        var result = await Chat("First question\nSecond question\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("First answer.\nSecond answer.\n", result.Stdout);
        var messages = Server.ChatRequests[1].Json!["messages"]!.AsArray();
        Assert.Equal(["First question", "First answer.", "Second question"], messages.Select(m => m!["content"]!.ToString()));
    }

    [Fact]
    public async Task Slash_new_starts_a_fresh_conversation_and_slash_exit_leaves()
    {
        var result = await Chat("One\n/new\nTwo\n/exit\nnever sent\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Started a new conversation", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.Single(Server.ChatRequests[1].Json!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Slash_model_switches_the_model_for_later_turns()
    {
        var result = await Chat("/model other-model\n/model\nHi\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Model: other-model", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("other-model", Server.ChatRequests.Single().Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backslash_continues_a_line_and_triple_quotes_make_a_block()
    {
        await Chat("first\\\nsecond\n\"\"\"\nblock one\n\nblock two\n\"\"\"\n");

        Assert.Equal("first\nsecond", Server.ChatRequests[0].LastMessageContent);
        Assert.Equal("block one\n\nblock two", Server.ChatRequests[1].LastMessageContent);
    }

    [Fact]
    public async Task A_failed_turn_is_reported_and_the_session_goes_on()
    {
        Server.Enqueue(Respond.Error(500, "hiccup"), Respond.Answer("Fine now."));

        var result = await Chat("Lost question\nNext question\n", "--retries", "0");

        // Piped, the session goes on, and the exit code tells the script that a turn failed (issue 28).
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 500", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("Fine now.\n", result.Stdout);
        Assert.Single(Server.ChatRequests[1].Json!["messages"]!.AsArray()); // the failed turn left no trace
    }

    [Fact]
    public async Task Help_lists_the_slash_commands()
    {
        var result = await Chat("/help\n/bogus\n");

        Assert.Contains("/new", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/model", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/exit", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unknown command /bogus", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.ChatRequests);
    }

    [Fact]
    public async Task Providers_reports_each_provider_and_whether_it_answers()
    {
        var result = await AideProcess.RunAsync(
            Home, "providers", "--json", "--model", Respond.Model, "--provider", $"openai={Server.BaseUrl}", "--provider", "openai=http://127.0.0.1:1/v1");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal("ok", rows[0]!["state"]!.GetValue<string>());
        Assert.True(rows[0]!["modelListed"]!.GetValue<bool>());
        Assert.Equal("down", rows[1]!["state"]!.GetValue<string>());
        Assert.Contains("connection refused", rows[1]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_models_lists_what_each_server_offers()
    {
        var table = await AideProcess.RunAsync(Home, "providers", "--models", "--provider", $"openai={Server.BaseUrl}", "--provider", "openai=http://127.0.0.1:1/v1");
        var json = await AideProcess.RunAsync(Home, "providers", "--models", "--json", "--provider", $"openai={Server.BaseUrl}");
        var plain = await AideProcess.RunAsync(Home, "providers", "--json", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"openai={Server.BaseUrl} (1 model):\n  {Respond.Model}\n", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("openai=http://127.0.0.1:1/v1: no model list (", table.Stdout, StringComparison.Ordinal);
        Assert.Equal([Respond.Model], JsonNode.Parse(json.Stdout)![0]!["models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Null(JsonNode.Parse(plain.Stdout)![0]!["models"]);
    }

    [Fact]
    public async Task Providers_table_exits_1_when_none_answers()
    {
        var result = await AideProcess.RunAsync(Home, "providers", "--provider", "openai=http://127.0.0.1:1/v1");

        Assert.Equal(1, result.ExitCode);
        var row = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("1 ", StringComparison.Ordinal));
        Assert.Contains("openai   http://127.0.0.1:1/v1 gpt-4o-mini down", row, StringComparison.Ordinal); // the address whole, on the row
        Assert.Contains("connection refused", result.Stdout, StringComparison.Ordinal);
    }

    private Task<AideResult> Chat(string input, params string[] args) =>
        AideProcess.RunWithInputAsync(Home, input, ["chat", "--provider", $"openai={Server.BaseUrl}", .. args]);
}
