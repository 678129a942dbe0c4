using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>
/// End to end: the real aide with tools, against the loopback model server answering with tool calls, and a real MCP
/// server process (tests/Aide.McpTestServer).
/// </summary>
public sealed class ToolCallingTests : LoopbackTestBase
{
    private string Work => Path.Combine(Home.Root, "work");

    private string State => Path.Combine(Home.Root, "mcp-state");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(Work, "notes.txt"), "the meeting is on Tuesday");
        Home.WorkingDirectory = Work;
    }

    [Fact]
    public async Task A_two_round_read_file_loop_answers_streams_and_saves_the_call_in_the_conversation()
    {
        Server.Enqueue(Respond.ToolCall("read_file", """{"path":"notes.txt"}"""), Respond.Answer("It is on ", "Tuesday."));

        var result = await Ask("--tools", "read_file", "-s", "plans", "When is the meeting?");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("It is on Tuesday.\n", result.Stdout);
        Assert.Equal(2, Server.ChatRequests.Count);
        var first = Server.ChatRequests[0].Json!;
        Assert.Equal("read_file", (string?)first["tools"]![0]!["function"]!["name"]);
        var second = Server.ChatRequests[1].Json!["messages"]!.AsArray();
        Assert.Equal("call_1", (string?)second[^2]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)second[^1]!["role"]);
        Assert.Equal("the meeting is on Tuesday", (string?)second[^1]!["content"]);

        var shown = await AideProcess.RunAsync(Home, "history", "show", "plans");
        Assert.Contains("read_file", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("the meeting is on Tuesday", shown.Stdout, StringComparison.Ordinal);

        // --json lists the calls the answer needed.
        Server.Enqueue(Respond.ToolCall("read_file", """{"path":"notes.txt"}"""), Respond.Answer("Tuesday."));
        var json = JsonNode.Parse((await Ask("--tools", "read_file", "--json", "When?")).Stdout)!;
        var call = json["toolCalls"]!.AsArray().Single()!;
        Assert.Equal(("read_file", """{"path":"notes.txt"}""", "the meeting is on Tuesday"), ((string?)call["tool"], (string?)call["arguments"], (string?)call["result"]));

        // A continued session sends the call and its result again, as the pair a model expects.
        Server.Enqueue(Respond.Answer("Yes."));
        Assert.Equal(0, (await Ask("--tools", "read_file", "-s", "plans", "Sure?")).ExitCode);
        var resumed = Server.ChatRequests[4].Json!["messages"]!.AsArray().Select(m => (string?)m!["role"]).ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], resumed);
    }

    [Fact]
    public async Task Chat_offers_the_tools_on_every_turn_and_keeps_the_calls_in_its_history()
    {
        Server.Enqueue(Respond.ToolCall("read_file", """{"path":"notes.txt"}"""), Respond.Answer("Tuesday."), Respond.Answer("You are welcome."));

        var result = await AideProcess.RunWithInputAsync(Home, "When is it?\nThanks\n", "chat", "--provider", $"openai={Server.BaseUrl}", "--tools", "read_file", "-s", "talk");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Tuesday.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Server.ChatRequests.Count);
        Assert.NotNull(Server.ChatRequests[2].Json!["tools"]);
        var roles = Server.ChatRequests[2].Json!["messages"]!.AsArray().Select(m => (string?)m!["role"]).ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], roles);
    }

    [Fact]
    public async Task Read_file_refuses_paths_that_leave_the_working_directory()
    {
        File.WriteAllText(Path.Combine(Home.Root, "secret.txt"), "TOP-SECRET");
        File.CreateSymbolicLink(Path.Combine(Work, "link.txt"), Path.Combine(Home.Root, "secret.txt"));
        Server.Enqueue(
            Respond.ToolCall("read_file", """{"path":"../secret.txt"}"""),
            Respond.ToolCall("read_file", """{"path":"link.txt"}""", "call_2"),
            Respond.ToolCall("read_file", $$"""{"path":"{{Path.Combine(Home.Root, "secret.txt")}}"}""", "call_3"),
            Respond.Answer("I cannot read it."));

        var result = await Ask("--tools", "read_file", "Read the secret");

        Assert.True(result.ExitCode == 0, result.ToString());
        var toolResults = Server.ChatRequests[3].Json!["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool").Select(m => (string)m!["content"]!).ToList();
        Assert.Equal(3, toolResults.Count);
        Assert.Contains("leaves the working directory", toolResults[0], StringComparison.Ordinal);
        Assert.Contains("outside the working directory", toolResults[1], StringComparison.Ordinal);
        Assert.Contains("not a path relative", toolResults[2], StringComparison.Ordinal);
        Assert.DoesNotContain(Server.ChatRequests, r => r.Body.Contains("TOP-SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_loop_stops_at_the_round_bound_with_a_last_round_offering_no_tools()
    {
        Server.Default = Respond.ToolCall("list_dir", "{}");
        Home.Environment["AIDE_MAX_TOOL_ROUNDS"] = "3";

        var result = await Ask("--tools", "list_dir", "Loop forever");

        // Three rounds of tool calls, then one last request that offers no tools: the model must answer.
        Assert.Equal(4, Server.ChatRequests.Count);
        Assert.NotNull(Server.ChatRequests[2].Json!["tools"]);
        var last = Server.ChatRequests[3].Json!;
        Assert.True(last["tools"] is null || (string?)last["tool_choice"] == "none", last.ToJsonString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("round limit (maxToolRounds)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_running_tool_and_the_turn_and_nothing_is_saved()
    {
        var marker = Path.Combine(Work, "started");
        Server.Enqueue(Respond.ToolCall("shell", $$"""{"command":"touch started; sleep 30; touch finished"}"""));

        await using var aide = AideProcess.Start(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--tools", "shell", "--yes", "-s", "stopped", "Run it"]);
        for (var i = 0; i < 600 && !File.Exists(marker); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(marker), "the shell tool never started");
        await aide.SendInterruptAsync();
        var result = await aide.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Single(Server.ChatRequests);
        Assert.False(File.Exists(Path.Combine(Work, "finished")));
        var shown = await AideProcess.RunAsync(Home, "history", "show", "stopped");
        Assert.Contains("0 messages", shown.Stdout, StringComparison.Ordinal); // the turn was taken back
    }

    [Fact]
    public async Task A_tool_that_may_write_is_refused_without_a_terminal_and_runs_with_yes()
    {
        Server.Enqueue(Respond.ToolCall("append", """{"line":"first"}"""), Respond.Answer("Not done."));
        var refused = await Ask("--mcp", McpTestServer.Flag(State), "Append first");

        Assert.True(refused.ExitCode == 0, refused.ToString());
        Assert.False(File.Exists(Path.Combine(State, "append.txt")));
        Assert.Contains("did not allow", (string)Server.ChatRequests[1].Json!["messages"]!.AsArray()[^1]!["content"]!, StringComparison.Ordinal);
        Assert.Contains("append (test) may change something and there is no terminal to ask", refused.Stderr, StringComparison.Ordinal);

        Server.Enqueue(Respond.ToolCall("append", """{"line":"second"}"""), Respond.Answer("Done."));
        var approved = await Ask("--mcp", McpTestServer.Flag(State), "--yes", "Append second");

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Equal("second\n", File.ReadAllText(Path.Combine(State, "append.txt")));
        Assert.Equal("appended", (string?)Server.ChatRequests[3].Json!["messages"]!.AsArray()[^1]!["content"]);
    }

    [Fact]
    public async Task The_approval_prompt_on_a_terminal_runs_the_call_on_y_and_refuses_it_on_n()
    {
        Server.Enqueue(Respond.ToolCall("append", """{"line":"typed-yes"}"""), Respond.Answer("Done."));
        var (yes, yesOutput) = await new PseudoTerminal().Expect("[y]es/[n]o/[a]lways").Send("y").Expect("Done.")
            .RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--mcp", McpTestServer.Flag(State), "Append");

        Assert.True(yes == 0, yesOutput);
        Assert.Contains("append (test)", yesOutput, StringComparison.Ordinal);
        Assert.Equal("typed-yes\n", File.ReadAllText(Path.Combine(State, "append.txt")));

        Server.Enqueue(Respond.ToolCall("append", """{"line":"typed-no"}"""), Respond.Answer("Fine."));
        var (no, noOutput) = await new PseudoTerminal().Expect("[y]es/[n]o/[a]lways").Send("n").Expect("Fine.")
            .RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--mcp", McpTestServer.Flag(State), "Append again");

        Assert.True(no == 0, noOutput);
        Assert.Equal("typed-yes\n", File.ReadAllText(Path.Combine(State, "append.txt")));
    }

    [Fact]
    public async Task With_piped_input_the_approval_is_asked_on_the_controlling_terminal()
    {
        Server.Enqueue(Respond.ToolCall("append", """{"line":"from-tty"}"""), Respond.Answer("Done."));
        var (code, output) = await new PseudoTerminal { PipedInput = "some context" }.Expect("[y]es/[n]o/[a]lways").Send("y\r").Expect("Done.")
            .RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--mcp", McpTestServer.Flag(State), "Append it");

        Assert.True(code == 0, output);
        Assert.Equal("from-tty\n", File.ReadAllText(Path.Combine(State, "append.txt")));
        Assert.StartsWith("some context", Server.ChatRequests[0].LastMessageContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_dies_mid_call_is_reported_and_the_answer_still_comes()
    {
        Server.Enqueue(Respond.ToolCall("die", "{}"), Respond.Answer("The tool broke."));

        var result = await Ask("--mcp", McpTestServer.Flag(State), "--yes", "Die");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("The tool broke.\n", result.Stdout);
        Assert.Contains("stopped working", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: the tool failed", (string)Server.ChatRequests[1].Json!["messages"]!.AsArray()[^1]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_start_is_reported_and_the_chat_goes_on_without_its_tools()
    {
        var result = await Ask("--mcp", "broken=/nonexistent/mcp-server", "--tools", "list_dir", "Hello");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Hello from loopback.\n", result.Stdout);
        Assert.Contains("'broken'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("could not start", result.Stderr, StringComparison.Ordinal);
        var tools = Server.ChatRequests[0].Json!["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]).ToList();
        Assert.Equal(["list_dir"], tools);
    }

    [Fact]
    public async Task A_loop_that_called_only_read_only_tools_is_answered_again_from_the_cache_without_the_model_or_the_tool()
    {
        Server.Enqueue(Respond.ToolCall("lookup", """{"word":"aide"}"""), Respond.Answer("Looked up."));

        var first = await Ask("--mcp", McpTestServer.Flag(State), "Look aide up");
        var second = await Ask("--mcp", McpTestServer.Flag(State), "Look aide up");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.Equal("1", File.ReadAllText(Path.Combine(State, "lookup.count")));
    }

    [Fact]
    public async Task A_loop_with_a_tool_that_may_write_is_never_answered_from_the_cache()
    {
        Server.Enqueue(Respond.ToolCall("append", """{"line":"one"}"""), Respond.Answer("Done."));
        Server.Enqueue(Respond.ToolCall("append", """{"line":"one"}"""), Respond.Answer("Done."));

        await Ask("--mcp", McpTestServer.Flag(State), "--yes", "Append one");
        var again = await Ask("--mcp", McpTestServer.Flag(State), "--yes", "Append one");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(4, Server.ChatRequests.Count);
        Assert.Equal("one\none\n", File.ReadAllText(Path.Combine(State, "append.txt")));
    }

    [Fact]
    public async Task Tool_events_are_journaled_without_arguments_or_output_unless_asked()
    {
        Server.Enqueue(Respond.ToolCall("echo", """{"text":"private words"}"""), Respond.Answer("Ok."));
        Assert.Equal(0, (await Ask("--mcp", McpTestServer.Flag(State), "Echo")).ExitCode);
        var journal = string.Concat(Directory.GetFiles(Path.Combine(Home.DataDirectory, "events"), "*.jsonl").Select(File.ReadAllText));

        Assert.Contains("\"ToolCallStarted\"", journal, StringComparison.Ordinal);
        Assert.Contains("\"ToolCallCompleted\"", journal, StringComparison.Ordinal);
        Assert.DoesNotContain("private words", journal, StringComparison.Ordinal);

        Server.Enqueue(Respond.ToolCall("echo", """{"text":"shown words"}"""), Respond.Answer("Ok."));
        Assert.Equal(0, (await Ask("--mcp", McpTestServer.Flag(State), "--journal-content", "Echo again")).ExitCode);
        journal = string.Concat(Directory.GetFiles(Path.Combine(Home.DataDirectory, "events"), "*.jsonl").Select(File.ReadAllText));
        Assert.Contains("shown words", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamable_http_mcp_server_serves_its_tools_to_a_loop()
    {
        var port = ClosedPort.Number();
        using var http = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", McpTestServer.DllPath, State, "--http", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var probe = new HttpClient();
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/mcp"), TestContext.Current.CancellationToken);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(50, TestContext.Current.CancellationToken);
                }
            }

            Server.Enqueue(Respond.ToolCall("echo", """{"text":"over http"}"""), Respond.Answer("Done."));
            var result = await Ask("--mcp", $"web=http://127.0.0.1:{port}/mcp", "Echo over http");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("echo: over http", (string?)Server.ChatRequests[1].Json!["messages"]!.AsArray()[^1]!["content"]);
        }
        finally
        {
            http.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Tools_list_and_call_reach_a_real_mcp_server()
    {
        var list = await AideProcess.RunAsync(Home, "tools", "list", "--mcp", McpTestServer.Flag(State));

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("echo  [test · read-only]", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("append  [test · asks first]", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("read_file  [builtin · read-only · off", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("text (string, required)", list.Stdout, StringComparison.Ordinal);

        var call = await AideProcess.RunAsync(Home, "tools", "call", "test", "echo", "--args", """{"text":"hi"}""", "--mcp", McpTestServer.Flag(State));
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.Equal("echo: hi\n", call.Stdout);

        var missing = await AideProcess.RunAsync(Home, "tools", "call", "test", "nope", "--mcp", McpTestServer.Flag(State));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no tool 'nope'", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_servers_start_only_when_a_turn_offers_tools()
    {
        Home.WriteConfig($$"""{ "mcpServers": { "test": { "command": "dotnet", "args": ["exec", {{JsonValue.Create(McpTestServer.DllPath).ToJsonString()}}, {{JsonValue.Create(State).ToJsonString()}}] } } }""");

        var shown = await AideProcess.RunAsync(Home, "config", "show");
        Assert.Contains("mcpServers.test", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("maxToolRounds", shown.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await Ask("--no-tools", "Hi")).ExitCode);
        Assert.Null(Server.ChatRequests[0].Json!["tools"]);
        Assert.Equal(0, (await AideProcess.RunAsync(Home, "history", "list")).ExitCode);
        Assert.False(File.Exists(Path.Combine(Home.DataDirectory, "logs", "mcp.log")));

        Assert.Equal(0, (await Ask("Hi again")).ExitCode);
        Assert.Equal(4, Server.ChatRequests[1].Json!["tools"]!.AsArray().Count);
        Assert.Contains("test MCP server starting", File.ReadAllText(Path.Combine(Home.DataDirectory, "logs", "mcp.log")), StringComparison.Ordinal);
    }

    private Task<AideResult> Ask(params string[] args) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", .. args]);
}
