using Aide.Cli.Chat;
using Aide.Cli.Markdown;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Markdown rendered as it streams on a terminal; the exact text when piped or with --raw.</summary>
public sealed class MarkdownRenderingTests : LoopbackTestBase
{
    internal const string Answer = """
        # Title

        Some **bold** and *italic* and `code` and a [link](https://x.dev), 2 * 3 and snake_case_name.

        ## Steps
        - one
          - nested __strong__
        1. first
        2) second

        > quoted ~~old~~ text

        | Name | Size |
        |---|---:|
        | a | 1 |
        | **longer** | 22 |

        ```python
        def f(x):
            return "hi"  # note
        ```

        ---
        Not a [link] and \*literal\* stars.

        """;

    private static string Render(IEnumerable<string> chunks)
    {
        var output = new StringWriter();
        var stream = new MarkdownStream(output);
        foreach (var chunk in chunks)
        {
            stream.Write(chunk);
        }

        stream.Finish();
        return output.ToString();
    }

    private static string Visible(string text) => text.Replace("\u001b", "␛", StringComparison.Ordinal);

    [Fact]
    public void The_rendering_matches_the_snapshot_however_the_answer_is_cut()
    {
        var whole = Render([Answer]);
        var byCharacter = Render(Answer.Select(c => c.ToString()));
        var random = new Random(7);
        var pieces = new List<string>();
        for (var at = 0; at < Answer.Length;)
        {
            var length = Math.Min(random.Next(1, 9), Answer.Length - at);
            pieces.Add(Answer.Substring(at, length));
            at += length;
        }

        Assert.Equal(whole, byCharacter);
        Assert.Equal(whole, Render(pieces));
        var snapshot = Path.Combine(AppContext.BaseDirectory, "Snapshots", "markdown-answer.txt");
        if (Environment.GetEnvironmentVariable("AIDE_UPDATE_SNAPSHOTS") is { Length: > 0 } sources)
        {
            // AIDE_UPDATE_SNAPSHOTS=tests/Aide.Cli.Tests rewrites the file after a deliberate change; review its diff.
            File.WriteAllText(Path.Combine(sources, "Snapshots", "markdown-answer.txt"), Visible(whole));
            return;
        }

        Assert.Equal(File.ReadAllText(snapshot).ReplaceLineEndings("\n"), Visible(whole));
    }

    [Fact]
    public void What_is_shown_is_never_taken_back()
    {
        // Each chunk's output only appends: no carriage return, no cursor movement, no erasing.
        var output = new StringWriter();
        var stream = new MarkdownStream(output);
        foreach (var c in Answer)
        {
            stream.Write(c.ToString());
            Assert.DoesNotContain('\r', output.ToString());
            Assert.DoesNotMatch(@"\u001b\[\d*[ABCDKJ]", output.ToString());
        }
    }

    [Theory]
    [InlineData("**never closed", "␛[1mnever closed␛[0m")]
    [InlineData("[not a link", "[not a link␛[0m")]
    [InlineData("```\nunclosed code", "␛[2m╭─ code␛[22m\nunclosed code")]
    [InlineData("| a |", "a\n")]
    public void Unfinished_constructs_end_cleanly(string text, string expected) => Assert.Equal(expected, Visible(Render([text])));

    [Fact]
    public async Task Piped_and_raw_output_is_the_exact_text_and_a_terminal_gets_it_rendered()
    {
        Server.Default = Respond.Answer([.. Answer.Chunk(5).Select(c => new string(c))]);

        var piped = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "hi");
        var terminal = await PseudoTerminalStdoutAsync("hi");
        var raw = await PseudoTerminalStdoutAsync("hi", "--raw");

        Assert.Equal(Answer, piped.Stdout);
        Assert.Contains("\u001b[1;4mTitle\u001b[0m", terminal, StringComparison.Ordinal);
        Assert.Contains("\u001b[35mdef\u001b[39m f(x):", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("**bold**", terminal, StringComparison.Ordinal);
        Assert.Contains("**bold**", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[1m", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escape_sequences_in_an_answer_stay_visible_when_rendered()
    {
        var output = new StringWriter();
        var printer = new AnswerPrinter(output, terminal: true, markdown: true);
        await printer.WriteAsync(new Microsoft.Extensions.AI.ChatResponseUpdate(Microsoft.Extensions.AI.ChatRole.Assistant, "**x**\u001b]0;pwned\u0007 `\u001b[2J`"), TestContext.Current.CancellationToken);
        await printer.EndLineAsync();

        Assert.Contains("␛]0;pwned␇", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("␛[2J", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]0", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Standard output on a pseudo-terminal (through <c>script</c>); what the terminal received.</summary>
    private async Task<string> PseudoTerminalStdoutAsync(params string[] args)
    {
        var result = await TerminalRun.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "-q", .. args], stdoutOnTerminal: true);
        Assert.Equal(0, result.ExitCode);
        return result.Stderr;
    }
}
