using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Cache imports that cannot poison later answers, and prompt files that must be text (issue 29).</summary>
public sealed class PoisonedImportTests : LoopbackTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Home.Environment["AIDE_PROVIDERS"] = $"openai={Server.BaseUrl}";
    }

    private async Task<string> ExportOneAnswerAsync()
    {
        await AideProcess.RunAsync(Home, "ask", "A real question");
        var file = Path.Combine(Home.Root, "cache.jsonl");
        await AideProcess.RunAsync(Home, "cache", "export", file);
        await AideProcess.RunAsync(Home, "cache", "clear", "--yes");
        return file;
    }

    [Fact]
    public async Task An_export_whose_value_is_not_an_answer_imports_nothing_and_the_question_still_reaches_the_model()
    {
        var file = await ExportOneAnswerAsync();
        var lines = await File.ReadAllLinesAsync(file, Ct);
        var entry = JsonNode.Parse(lines[1])!;
        entry["value"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(200));
        await File.WriteAllLinesAsync(file, [lines[0], entry.ToJsonString()], Ct);

        var warm = await AideProcess.RunAsync(Home, "cache", "warm", file);
        var ask = await AideProcess.RunAsync(Home, "ask", "--json", "A real question");

        Assert.Equal(2, warm.ExitCode);
        Assert.Contains("not a cached answer", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, ask.ExitCode);
        Assert.False(JsonNode.Parse(ask.Stdout)!["cached"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_export_shorter_than_its_header_says_imports_nothing()
    {
        var file = await ExportOneAnswerAsync();
        var lines = await File.ReadAllLinesAsync(file, Ct);
        var header = JsonNode.Parse(lines[0])!;
        header["entries"] = 50;
        await File.WriteAllLinesAsync(file, [header.ToJsonString(), lines[1]], Ct);

        var warm = await AideProcess.RunAsync(Home, "cache", "warm", file);

        Assert.Equal(2, warm.ExitCode);
        Assert.Contains("says the export holds 50 entries, but it has 1", warm.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_file_is_refused_as_prompts_and_nothing_is_sent()
    {
        var file = Path.Combine(Home.Root, "binary.bin");
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
        bytes[10] = 0;
        await File.WriteAllBytesAsync(file, bytes, Ct);

        var warm = await AideProcess.RunAsync(Home, "cache", "warm", file);

        Assert.Equal(2, warm.ExitCode);
        Assert.Contains("not text", warm.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.ChatRequests);
    }
}
