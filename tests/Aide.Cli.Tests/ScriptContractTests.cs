using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Exit codes, flags and health that scripts rely on (issue 28).</summary>
public sealed class ScriptContractTests : LoopbackTestBase
{
    [Fact]
    public async Task A_provider_flag_without_its_value_is_a_usage_error()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "hi", "--provider");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(Server.ChatRequests);
    }

    [Fact]
    public async Task A_provider_with_an_empty_address_is_refused_never_sent_to_the_public_default()
    {
        Home.Environment["OPENAI_API_KEY"] = "sk-test-not-real";

        var flag = await AideProcess.RunAsync(Home, "ask", "--provider", "openai=", "hi");
        Home.Environment["AIDE_PROVIDERS"] = "openai=";
        var variable = await AideProcess.RunAsync(Home, "ask", "hi");

        Assert.Equal(3, flag.ExitCode);
        Assert.Contains("empty address", flag.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, variable.ExitCode);
        Assert.Contains("AIDE_PROVIDERS", variable.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_with_nothing_configured_probes_nothing_public()
    {
        var result = await AideProcess.RunAsync(Home, "providers", "--json");

        var kinds = JsonNode.Parse(result.Stdout)!.AsArray().Select(p => p!["kind"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("openai", kinds);
        Assert.DoesNotContain("api.openai.com", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_whose_chats_all_fail_is_neither_ok_nor_healthy()
    {
        Server.Default = Respond.Error(500, "broken backend");
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--retries", "0", "one");
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--retries", "0", "two");

        var providers = await AideProcess.RunAsync(Home, "providers", "--json", "--provider", $"openai={Server.BaseUrl}");
        var health = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={Server.BaseUrl}");

        var status = JsonNode.Parse(providers.Stdout)!.AsArray().Single()!;
        Assert.Equal("error", status["state"]!.GetValue<string>());
        Assert.Contains("chats failed", status["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, providers.ExitCode);
        var json = JsonNode.Parse(health.Stdout)!;
        var provider = json["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>().StartsWith("provider", StringComparison.Ordinal))!;
        Assert.Equal("unhealthy", provider["level"]!.GetValue<string>());
        Assert.Contains("HTTP 500", provider["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("down", json["level"]!.GetValue<string>());
        Assert.Equal(0, json["score"]!.GetValue<double>());
        Assert.Contains("never above", json["scoreMeaning"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
