using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide chat</c>'s input line at a real (pseudo-)terminal: editing keys, recall, completion, Ctrl+C and Ctrl+D.</summary>
public sealed class LineEditingTests : LoopbackTestBase
{
    private const string Left = "\u001b[D";
    private const string Up = "\u001b[A";
    private const string CtrlA = "\u0001";
    private const string CtrlD = "\u0004";
    private const string CtrlE = "\u0005";
    private const string CtrlU = "\u0015";
    private const string CtrlW = "\u0017";

    private string[] Chat(params string[] more) => ["chat", "--provider", $"openai={Server.BaseUrl}", "--no-cache", .. more];

    [Fact]
    public async Task Keys_move_the_cursor_and_delete_words_and_control_characters_never_reach_the_model()
    {
        var (code, output) = await new PseudoTerminal()
            .Expect("> ").Send("helo").Send(Left).Send("l").Send(CtrlA + "say ").Send(CtrlE + " wrld" + CtrlW + "world\r")
            .Expect("> ").Send("a\u0007\u001b[15~b\u0002" + "\r")
            .Expect("> ").Send("alpha beta\u001bb\u001bbX\u001bf\u001bdY\r")
            .Expect("> ").Send("one\u001b\rtwo\r")
            .Expect("> ").Send(CtrlD)
            .RunAsync(Home, Chat());

        Assert.True(code == 0, output);
        Assert.Equal(["say hello world", "ab", "XalphaY", "one\ntwo"], Server.ChatRequests.Select(r => r.LastMessageContent));
    }

    [Fact]
    public async Task Earlier_sessions_inputs_come_back_with_up_and_are_kept_privately()
    {
        await new PseudoTerminal().Expect("> ").Send("first question\r").Expect("> ").Send(CtrlD).RunAsync(Home, Chat());

        var (code, output) = await new PseudoTerminal()
            .Expect("> ").Send("draft" + CtrlU + Up).Expect("first question").Send("\r")
            .Expect("> ").Send(CtrlD)
            .RunAsync(Home, Chat("--session", "later"));

        Assert.True(code == 0, output);
        Assert.Equal("first question", Server.ChatRequests[^1].LastMessageContent);
        var file = Path.Combine(Home.DataDirectory, "chat-inputs.jsonl");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(["\"first question\""], File.ReadAllLines(file)); // a repeat of the last input is not kept twice
    }

    [Fact]
    public async Task Tab_completes_slash_commands_and_model_names()
    {
        Home.WriteConfig("""{ "aliases": { "fast": "m-fast" } }""");

        var (code, output) = await new PseudoTerminal()
            .Expect("> ").Send("/mo\t").Expect("/model ").Send("fa\t").Expect("/model fast ").Send("\r")
            .Expect("Switched to m-fast").Send("hi\r")
            .Expect("> ").Send(CtrlD)
            .RunAsync(Home, Chat());

        Assert.True(code == 0, output);
        Assert.Equal("m-fast", Server.ChatRequests.Single().Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ctrl_C_stops_an_answer_and_Ctrl_D_at_an_empty_prompt_leaves_on_a_fresh_line()
    {
        var gate = new TaskCompletionSource();
        Server.Enqueue(Respond.Gated("Partial", gate.Task, " rest."));

        var (code, output) = await new PseudoTerminal()
            .Expect("> ").Send("tell me\r").Expect("Partial").Send("\u0003").Expect("(answer cancelled)")
            .Expect("> ").Send(CtrlD)
            .RunAsync(Home, Chat());
        gate.TrySetResult();

        Assert.True(code == 0, output);
        Assert.EndsWith("\r\n", output, StringComparison.Ordinal);
    }
}
