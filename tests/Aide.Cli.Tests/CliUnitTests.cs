using Aide.Cli.Chat;
using Aide.Cli.Commands;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Configuration;

namespace Aide.Cli.Tests;

public sealed class CliUnitTests
{
    [Theory]
    [InlineData(30, "in 1m")]
    [InlineData(45 * 60, "in 45m")]
    [InlineData((2 * 3600) - 60, "in 1h59m")]
    [InlineData(3600 - 5, "in 1h00m")] // not "in 60m"
    [InlineData(86400 - 5, "in 1d0h")]
    [InlineData((3 * 86400) + (4 * 3600) + 5, "in 3d4h")]
    public void Context_expiry_reads_as_time_left(int seconds, string expected) =>
        Assert.Equal(expected, ContextCommand.ExpiresIn(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1, "1 item")]
    [InlineData(0, "0 items")]
    [InlineData(126976, "126,976 items")]
    public void Counts_read_in_the_right_number(long count, string expected) => Assert.Equal(expected, Count.Of(count, "item"));

    [Fact]
    public void A_named_command_builds_only_its_own_subtree_and_anything_else_builds_all()
    {
        var console = new CliConsole { Out = TextWriter.Null, Error = TextWriter.Null, In = TextReader.Null, Environment = new Dictionary<string, string?>() };
        var all = AideCommandLine.Build(console, ["--help"]).Subcommands.Select(c => c.Name).ToArray();
        Assert.Equal(["ask", "chat", "providers", "config", "events", "history", "context", "cache", "health", "models", "bench", "serve", "dashboard", "keys", "usage", "templates", "tools", "mcp", "completion"], all);
        Assert.Equal(all, AideCommandLine.Build(console, []).Subcommands.Select(c => c.Name));
        Assert.Equal(all, AideCommandLine.Build(console, ["aks", "hello"]).Subcommands.Select(c => c.Name));

        // Every command's table name is the name it parses under, so naming it finds it.
        foreach (var name in all)
        {
            Assert.Equal([name], AideCommandLine.Build(console, [name, "--help"]).Subcommands.Select(c => c.Name));
        }
    }

    [Fact]
    public void Prompt_puts_piped_context_first_and_the_question_last()
    {
        Assert.Equal("ctx\n\nquestion", AskCommand.ComposePrompt(" question ", "ctx\n\n"));
        Assert.Equal("question", AskCommand.ComposePrompt("question", "  \n"));
        Assert.Equal("only context", AskCommand.ComposePrompt(string.Empty, "only context\n"));
        Assert.Throws<UsageException>(() => AskCommand.ComposePrompt(" ", string.Empty));
    }

    [Theory]
    [InlineData(ProviderKind.Local, "tiny", null, 4096, 1024)] // the context a local model runs with, not its trained one
    [InlineData(ProviderKind.Ollama, "llama3.2", null, 4096, 1024)] // Ollama's default, not llama3.2's 128k
    [InlineData(ProviderKind.OpenAI, "llama3.2", null, 131_072, 1024)] // an OpenAI-compatible server says when it runs less
    [InlineData(ProviderKind.Local, "tiny", 512, 512, 128)] // a small window keeps at most a quarter for the reply
    public void The_window_assumes_the_context_the_model_is_run_with(ProviderKind kind, string model, int? configured, int context, int reply)
    {
        var window = ConversationHost.WindowOptions(new AideSettings { ContextTokens = configured }, model, kind);

        Assert.Equal((context, reply), (window.ContextTokens, window.ReplyTokens));
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
