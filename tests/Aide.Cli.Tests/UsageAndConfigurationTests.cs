using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Exit codes and messages for what the user got wrong, and configuration precedence, through the real executable.</summary>
public sealed class UsageAndConfigurationTests : LoopbackTestBase
{
    [Fact]
    public async Task Version_prints_the_version_and_exits_zero()
    {
        var result = await AideProcess.RunAsync(Home, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "--no-such-option", "Hi");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Nothing_to_ask_is_a_usage_error()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Nothing to ask", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_provider_prints_one_line_per_way_to_get_going_and_exits_3()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "Hi");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("OPENAI_API_KEY", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ollama pull", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--provider openai=", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("aide config set providers", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_environment_value_names_key_value_source_and_what_is_allowed()
    {
        Home.Environment["AIDE_TIMEOUT"] = "soon";

        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "Hi");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Invalid timeout 'soon' from environment variable AIDE_TIMEOUT: expected a duration", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Bad_provider_kind_on_the_command_line_lists_the_kinds()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "--provider", "gemini=http://x", "Hi");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'gemini' from option --provider", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("openai, ollama, local", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_config_file_is_reported_with_its_line_and_left_untouched()
    {
        const string broken = "{\n  \"timeout\": 30,\n  \"model\" \"x\"\n}\n";
        Home.WriteConfig(broken);

        var ask = await AideProcess.RunAsync(Home, "ask", "Hi");
        var set = await AideProcess.RunAsync(Home, "config", "set", "model", "y");

        Assert.Equal(3, ask.ExitCode);
        Assert.Contains($"The config file {Home.ConfigFile} is not valid JSON (line 3", ask.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, set.ExitCode);
        Assert.Equal(broken, File.ReadAllText(Home.ConfigFile));
    }

    [Fact]
    public async Task Flag_beats_environment_beats_config_file_beats_default()
    {
        Home.WriteConfig($$"""{ "providers": [ { "kind": "openai", "address": "{{Server.BaseUrl}}", "model": "file-model" } ] }""");

        await AideProcess.RunAsync(Home, "ask", "Hi");
        Home.Environment["AIDE_MODEL"] = "env-model";
        await AideProcess.RunAsync(Home, "ask", "Hi");
        await AideProcess.RunAsync(Home, "ask", "--model", "flag-model", "Hi");

        var models = Server.ChatRequests.Select(r => r.Json!["model"]!.GetValue<string>()).ToArray();
        Assert.Equal(["file-model", "env-model", "flag-model"], models);
    }

    [Fact]
    public async Task Provider_flag_replaces_the_configured_list()
    {
        Home.WriteConfig("""{ "providers": [ { "kind": "openai", "address": "http://127.0.0.1:1/v1" } ] }""");

        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(Server.ChatRequests);
    }

    [Fact]
    public async Task Config_set_writes_a_private_file_that_the_next_command_uses()
    {
        var set = await AideProcess.RunAsync(Home, "config", "set", "providers", $"openai={Server.BaseUrl}");
        var setKey = await AideProcess.RunAsync(Home, "config", "set", "providers[0].apiKey", "sk-config-SECRET-987654");
        var show = await AideProcess.RunAsync(Home, "config", "show");
        var ask = await AideProcess.RunAsync(Home, "ask", "Hi");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, setKey.ExitCode);
        Assert.DoesNotContain("sk-config-SECRET-987654", setKey.Stdout + show.Stdout, StringComparison.Ordinal);
        Assert.Contains(show.Stdout.Split('\n'), l => l.StartsWith("providers[0].apiKey ", StringComparison.Ordinal) && l.Contains("set (not shown)", StringComparison.Ordinal));
        Assert.Equal(0, ask.ExitCode);
        Assert.Equal("Bearer sk-config-SECRET-987654", Server.ChatRequests.Single().Authorization);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Home.ConfigFile));
    }

    [Fact]
    public async Task Config_set_rejects_an_invalid_value_and_keeps_the_file()
    {
        await AideProcess.RunAsync(Home, "config", "set", "retries", "3");
        var before = File.ReadAllText(Home.ConfigFile);

        var result = await AideProcess.RunAsync(Home, "config", "set", "retries", "many");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Invalid retries 'many'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("a whole number from 0 to 10", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Home.ConfigFile));
    }

    [Fact]
    public async Task Config_set_rejects_an_unknown_key()
    {
        var result = await AideProcess.RunAsync(Home, "config", "set", "modle", "x");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Unknown key 'modle'", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Home.ConfigFile));
    }

    [Fact]
    public async Task Config_path_honours_XDG_CONFIG_HOME()
    {
        var result = await AideProcess.RunAsync(Home, "config", "path");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Home.ConfigFile, result.Stdout.Trim());
    }

    [Fact]
    public async Task Config_show_json_lists_values_without_secrets()
    {
        Home.Environment["OPENAI_API_KEY"] = "sk-env-SECRET-1111111";
        Home.Environment["AIDE_PROVIDERS"] = $"openai={Server.BaseUrl}";

        var result = await AideProcess.RunAsync(Home, "config", "show", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Server.BaseUrl, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-env-SECRET-1111111", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_lists_every_setting_with_its_value_and_source()
    {
        Home.Environment["AIDE_CACHE_TTL"] = "12h";
        Home.WriteConfig("""{ "history": false, "timeout": "2m" }""");

        var json = JsonNode.Parse((await AideProcess.RunAsync(Home, "config", "show", "--json")).Stdout)!.AsObject();
        var table = await AideProcess.RunAsync(Home, "config", "show");

        string[] keys = ["model", "timeout", "retries", "systemPrompt", "temperature", "maxOutputTokens", "journal", "history", "contextTokens",
            "replyTokens", "summarize", "cache", "cacheTtl", "cacheSize", "cacheSampled", "cachePolicy", "cacheCodec", "breakDuration"];
        Assert.All(keys, key => Assert.True(json.ContainsKey(key), key));
        Assert.Equal(["false", "2m", "12h", "512 MB", "lz4"], [json["history"]!.ToString(), json["timeout"]!.ToString(), json["cacheTtl"]!.ToString(), json["cacheSize"]!.ToString(), json["cacheCodec"]!.ToString()]);
        Assert.Contains(table.Stdout.Split('\n'), l => l.StartsWith("cacheTtl ", StringComparison.Ordinal) && l.Contains("12h", StringComparison.Ordinal) && l.Contains("AIDE_CACHE_TTL", StringComparison.Ordinal));
        Assert.Contains(table.Stdout.Split('\n'), l => l.StartsWith("history ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("config file", StringComparison.Ordinal));
    }
}
