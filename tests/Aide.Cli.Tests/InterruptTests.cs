using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Ctrl+C (SIGINT) stops the answer in progress: ask exits 130, chat goes on with the next question.</summary>
public sealed class InterruptTests : LoopbackTestBase
{
    [Fact]
    public async Task Ctrl_C_during_ask_stops_the_answer_and_exits_130()
    {
        var never = new TaskCompletionSource();
        Server.Enqueue(Respond.Gated("Started", never.Task, " never sent"));

        await using var aide = AideProcess.Start(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "Hi"]);
        await aide.WaitForStdoutAsync("Started");
        await aide.SendInterruptAsync();
        var result = await aide.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("Started\n", result.Stdout);
        Assert.Contains("Interrupted", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_during_chat_cancels_only_the_answer_in_progress()
    {
        var never = new TaskCompletionSource();
        Server.Enqueue(Respond.Gated("Long answer", never.Task, " never sent"), Respond.Answer("Still here."));

        await using var aide = AideProcess.Start(Home, ["chat", "--provider", $"openai={Server.BaseUrl}"], "First\n", keepStdinOpen: true);
        await aide.WaitForStdoutAsync("Long answer");
        await aide.SendInterruptAsync();
        await aide.Stdin.WriteAsync("Second\n".AsMemory(), TestContext.Current.CancellationToken);
        await aide.Stdin.FlushAsync(TestContext.Current.CancellationToken);
        await aide.WaitForStdoutAsync("Still here.");
        aide.Stdin.Close();
        var result = await aide.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(answer cancelled)", result.Stderr, StringComparison.Ordinal);
        var messages = Server.ChatRequests[1].Json!["messages"]!.AsArray();
        Assert.Equal(["Second"], messages.Select(m => m!["content"]!.ToString())); // the cancelled turn left no trace
    }
}
