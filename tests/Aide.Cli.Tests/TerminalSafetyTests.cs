using System.Diagnostics;
using System.Text;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Escape sequences from a model or from stored text never act on the terminal (issue 29).</summary>
public sealed class TerminalSafetyTests : LoopbackTestBase
{
    private const string Hostile = "Hi \u001b]0;pwned\u0007\u001b[2J there";

    [Fact]
    public async Task On_a_terminal_control_sequences_in_an_answer_are_shown_not_obeyed()
    {
        Server.Enqueue(Respond.Answer(Hostile));

        var shown = await RunOnTerminalAsync("ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "hello");

        Assert.DoesNotContain("\u001b]0;pwned", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2J", shown, StringComparison.Ordinal);
        Assert.Contains("Hi ␛]0;pwned␇␛[2J there", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Piped_the_answer_is_the_models_text_byte_for_byte()
    {
        Server.Enqueue(Respond.Answer(Hostile));

        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "hello");

        Assert.Equal(Hostile + "\n", result.Stdout);
    }

    [Fact]
    public async Task A_stored_title_with_escape_sequences_is_listed_harmlessly()
    {
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--session", "t", "title \u001b[31mred\u001b[0m \u0007");

        var list = await AideProcess.RunAsync(Home, "history", "list");
        var show = await RunOnTerminalAsync("history", "show", "t");

        Assert.DoesNotContain('\u001b', list.Stdout);
        Assert.Contains("␛[31mred", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31m", show, StringComparison.Ordinal);
    }

    /// <summary>Runs aide under a pseudo-terminal (util-linux <c>script</c>) and returns what it wrote there.</summary>
    private async Task<string> RunOnTerminalAsync(params string[] args)
    {
        var aide = AideProcess.Executable is { } native ? [native] : (string[])["dotnet", "exec", AideProcess.DllPath];
        var command = string.Join(' ', aide.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new ProcessStartInfo("script", ["-qec", command, "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var (name, value) in Home.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }
}
