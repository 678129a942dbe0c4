using Aide.Cli.Chat;
using Aide.Cli.Commands;

namespace Aide.Cli.Tests;

public sealed class CliUnitTests
{
    [Fact]
    public void Prompt_puts_piped_context_first_and_the_question_last()
    {
        Assert.Equal("ctx\n\nquestion", AskCommand.ComposePrompt(" question ", "ctx\n\n"));
        Assert.Equal("question", AskCommand.ComposePrompt("question", "  \n"));
        Assert.Equal("only context", AskCommand.ComposePrompt(string.Empty, "only context\n"));
        Assert.Throws<UsageException>(() => AskCommand.ComposePrompt(" ", string.Empty));
    }

    [Fact]
    public async Task Oversized_piped_input_is_refused_not_truncated()
    {
        using var input = new StringReader(new string('x', 101));

        var error = await Assert.ThrowsAsync<UsageException>(() => StdinReader.ReadAsync(input, 100, TestContext.Current.CancellationToken));

        Assert.Contains("larger than 100 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_input_reads_continuations_blocks_and_end_of_input()
    {
        using var input = new StringReader("a\\\nb\n\"\"\"\nx\n\ny\n\"\"\"\nplain\n");

        Assert.Equal("a\nb", ChatInputReader.Read(input, null));
        Assert.Equal("x\n\ny", ChatInputReader.Read(input, null));
        Assert.Equal("plain", ChatInputReader.Read(input, null));
        Assert.Null(ChatInputReader.Read(input, null));
    }
}
