using System.Diagnostics;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Aide.Testing;

namespace Aide.Cli.Tests;

/// <summary>Hostile input, bounded resources and secrets that never leak (issue 29).</summary>
public sealed class HostileInputTests : LoopbackTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each kind of path a file argument must survive: a folder, an endless device, a pipe with no writer, nothing.</summary>
    private string[] BadPaths()
    {
        var fifo = Path.Combine(Home.Root, "pipe");
        if (!File.Exists(fifo))
        {
            using var mkfifo = Process.Start("mkfifo", [fifo]);
            mkfifo.WaitForExit();
        }

        return [Home.Root, "/dev/zero", fifo, Path.Combine(Home.Root, "missing.json")];
    }

    [Fact]
    public async Task Every_file_argument_pointed_at_a_folder_a_device_a_pipe_or_nothing_gives_one_clear_line()
    {
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--session", "s", "hello");
        var runs = new List<(string[] Args, AideResult Result)>();
        foreach (var bad in BadPaths())
        {
            string[][] commands =
            [
                ["history", "import", bad],
                ["cache", "warm", bad],
                ["models", "info", bad],
                ["ask", "--provider", $"local={bad}", "hi"],
                ["history", "export", "s", "-o", bad],
                ["cache", "export", bad],
            ];
            foreach (var args in commands)
            {
                runs.Add((args, await AideProcess.RunAsync(Home, args)));
            }

            Home.Environment["AIDE_CONFIG"] = bad;
            runs.Add((["config show", bad], await AideProcess.RunAsync(Home, "config", "show")));
            runs.Add((["config set", bad], await AideProcess.RunAsync(Home, "config", "set", "timeout", "30s")));
            Home.Environment["AIDE_CONFIG"] = null;
        }

        foreach (var (args, result) in runs)
        {
            var what = string.Join(' ', args) + ": " + result;
            Assert.DoesNotContain("Unexpected failure", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            Assert.True(result.ExitCode != 1 || args[0] == "cache" && args[1] == "export", what);
            Assert.True(result.Stderr.Length < 2000, what);
        }
    }

    [Fact]
    public async Task A_folder_where_the_conversation_database_belongs_and_a_config_with_a_key_twice_are_clear_errors()
    {
        Directory.CreateDirectory(Home.DatabaseFile);
        var ask = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--session", "s", "hello");
        Directory.Delete(Home.DatabaseFile);
        Home.WriteConfig("{\n  \"timeout\": \"30s\",\n  \"timeout\": \"40s\"\n}");
        var set = await AideProcess.RunAsync(Home, "config", "set", "retries", "3");

        Assert.Equal(3, ask.ExitCode);
        Assert.DoesNotContain("Unexpected failure", ask.Stderr, StringComparison.Ordinal);
        Assert.Contains("conversations.db", ask.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, set.ExitCode);
        Assert.Contains("sets 'timeout' twice", set.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected failure", set.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/model.gguf")]
    [InlineData("javascript:alert(1)")]
    public async Task A_download_redirected_off_http_is_refused_in_one_line(string target)
    {
        var file = TinyLlamaModel.Write(Path.Combine(Home.Root, "source.gguf"));
        await using var server = await LoopbackFileServer.StartAsync(await File.ReadAllBytesAsync(file, Ct));

        var result = await AideProcess.RunAsync(Home, "models", "pull", $"{server.BaseUrl}/elsewhere?to={Uri.EscapeDataString(target)}", "--name", "x.gguf");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not an http(s) address", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_in_an_address_never_reaches_output_events_cache_or_errors()
    {
        const string Key = "sk-secret-0123456789";
        var address = $"{Server.BaseUrl}?key={Key}";

        var ask = await AideProcess.RunAsync(Home, "ask", "--json", "--provider", $"openai={address}", "hello");
        Server.Default = Respond.Error(500, "down");
        var failed = await AideProcess.RunAsync(Home, "ask", "--json", "--retries", "0", "--provider", $"openai={address}", "again");
        var health = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={address}");
        var providers = await AideProcess.RunAsync(Home, "providers", "--json", "--provider", $"openai={address}");
        var export = await AideProcess.RunAsync(Home, "cache", "export");
        var credentials = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai=http://someone:{Key}@127.0.0.1:9/v1", "hello");
        var pull = await AideProcess.RunAsync(Home, "models", "pull", $"http://127.0.0.1:9/model.gguf?token={Key}");

        Assert.Equal(0, ask.ExitCode);
        Assert.Contains("key=***", JsonNode.Parse(ask.Stdout)!["address"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var result in (AideResult[])[ask, failed, health, providers, export, credentials, pull])
        {
            Assert.DoesNotContain(Key, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }

        foreach (var file in Directory.EnumerateFiles(Home.Root, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Key, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
        }

        var exported = string.Join('\n', export.Stdout.Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(JsonNode.Parse(l)!["value"]!.GetValue<string>()))));
        Assert.DoesNotContain(Key, exported, StringComparison.Ordinal);
        Assert.Contains("key=***", exported, StringComparison.Ordinal);
    }
}
