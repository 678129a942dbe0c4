using Aide.Cli.Chat;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide ask -f FILE</c> and <c>/file PATH</c> in chat: text files go to the model with their names; anything else is refused before a request.</summary>
public sealed class FileAttachmentTests : LoopbackTestBase
{
    private string Write(string name, string text)
    {
        var path = Path.Combine(Home.Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<AideResult> Ask(params string[] args) => AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", .. args]);

    [Fact]
    public async Task Files_go_with_their_names_after_piped_input_and_before_the_question()
    {
        var notes = Write("notes.txt", "alpha\n");
        var readme = Write("readme.md", "has a ``` fence inside\n");

        var result = await AideProcess.RunWithInputAsync(Home, "piped text\n", "ask", "--provider", $"openai={Server.BaseUrl}", "-f", notes, "--file", readme, "What is in them?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            $"piped text\n\nFile: {notes}\n```txt\nalpha\n```\n\nFile: {readme}\n````md\nhas a ``` fence inside\n````\n\nWhat is in them?",
            Server.ChatRequests.Single().LastMessageContent);
    }

    [Fact]
    public async Task A_file_alone_is_a_question()
    {
        var task = Write("task.txt", "Translate 'bonjour'.");
        Assert.Equal(0, (await Ask("-f", task)).ExitCode);
        Assert.Equal($"File: {task}\n```txt\nTranslate 'bonjour'.\n```", Server.ChatRequests.Single().LastMessageContent);
    }

    [Fact]
    public async Task Binary_oversized_missing_and_non_utf8_files_are_refused_before_any_request()
    {
        var binary = Path.Combine(Home.Root, "image.png");
        await File.WriteAllBytesAsync(binary, [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01], TestContext.Current.CancellationToken);
        var latin1 = Path.Combine(Home.Root, "latin1.txt");
        await File.WriteAllBytesAsync(latin1, [0x63, 0x61, 0x66, 0xE9], TestContext.Current.CancellationToken);
        var large = Write("large.log", new string('x', (int)FileAttachments.MaxFileBytes + 1));

        foreach (var (path, expected) in new[]
        {
            (binary, "looks binary"),
            (latin1, "not UTF-8 text"),
            (large, "at most 524,288 bytes"),
            (Path.Combine(Home.Root, "missing.txt"), "missing.txt"),
            (Home.Root, "folder"),
        })
        {
            var result = await Ask("-f", path, "Describe it");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"Cannot attach {path}", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(Server.ChatRequests);
    }

    [Fact]
    public async Task Chat_attaches_a_file_to_the_next_message_and_goes_on_after_a_refused_one()
    {
        var code = Write("main.py", "print('hi')\n");

        var result = await AideProcess.RunWithInputAsync(
            Home, $"/file {Path.Combine(Home.Root, "nope.txt")}\n/file {code}\n/file\nReview it\nAnd now?\n", "chat", "--provider", $"openai={Server.BaseUrl}", "--no-cache");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Cannot attach", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Attached {code} (12 characters); it goes with your next message.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Attached to your next message: {code}.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"File: {code}\n```py\nprint('hi')\n```\n\nReview it", Server.ChatRequests[0].LastMessageContent);
        Assert.Equal("And now?", Server.ChatRequests[1].LastMessageContent); // once only
    }

    [Theory]
    [InlineData("plain", "```")]
    [InlineData("a ``` b", "````")]
    [InlineData("`````", "``````")]
    public void The_fence_is_longer_than_any_backtick_run_in_the_file(string content, string fence)
    {
        Assert.Equal($"File: x.cs\n{fence}cs\n{content}\n{fence}", FileAttachments.Block("x.cs", content));
    }
}
