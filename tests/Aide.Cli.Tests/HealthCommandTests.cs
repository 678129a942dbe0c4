using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide health</c> as a user runs it, against a real loopback provider and a closed port.</summary>
public sealed class HealthCommandTests : LoopbackTestBase
{
    [Fact]
    public async Task A_reachable_provider_is_healthy_with_its_latency_and_a_closed_breaker()
    {
        var result = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("healthy", json["level"]!.GetValue<string>());
        var provider = json["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == $"provider openai={Server.BaseUrl}")!;
        Assert.Equal("critical", provider["priority"]!.GetValue<string>());
        Assert.True(provider["metrics"]!["latency_ms"]!.GetValue<double>() > 0);
        Assert.Equal("Closed", json["breakers"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(
            ["provider", "chat errors", "memory", "disk data", "disk cache", "store conversations", "store cache"],
            json["components"]!.AsArray().Select(c => c!["name"]!.GetValue<string>().Split(' ')[0] == "provider" ? "provider" : c["name"]!.GetValue<string>()));
        Assert.Single(Server.Requests, r => r.Path.EndsWith("/models", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_every_provider_unreachable_Aide_is_down_and_the_exit_code_says_so()
    {
        var result = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={ClosedPort.OpenAIAddress()}");

        Assert.Equal(5, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("down", json["level"]!.GetValue<string>());
        Assert.Contains("connection refused", json["components"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(json["components"]![0]!["recovering"]!.GetValue<bool>()); // a one-off look repairs nothing
    }

    [Fact]
    public async Task The_plain_view_shows_the_overall_level_components_breakers_and_predictions()
    {
        var result = await AideProcess.RunAsync(Home, "health", "--once", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Overall: healthy", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("store conversations", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Closed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Predictions:", result.Stdout, StringComparison.Ordinal);
        // Names and addresses stay whole at 80 columns (redirected output), so they can be read and copied.
        Assert.Contains($"provider openai={Server.BaseUrl}", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^store conversations +healthy +\d+\.\d ms ", result.Stdout);
    }

    [Fact]
    public async Task Watching_a_dead_provider_opens_its_breaker_and_starts_a_repair_in_the_journal()
    {
        var dead = ClosedPort.OpenAIAddress();

        // Probes at 0 s and 5 s (the critical class's interval); the second failure opens the breaker.
        var result = await AideProcess.RunAsync(Home, "health", "--watch", "--json", "--duration", "7s", "--provider", $"openai={dead}");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 3, 8);
        Assert.Contains(lines, l => JsonNode.Parse(l)!["breakers"]![0]!["state"]!.GetValue<string>() == "Open");
        var journal = await AideProcess.RunAsync(Home, "events", "--json", "--category", "health");
        var types = journal.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["type"]!.GetValue<string>()).ToList();
        Assert.Contains("AutoRecoveryStarted", types);
        Assert.Contains("CircuitBreakerStateChanged", types);
    }

    [Fact]
    public async Task Timing_reports_lateness_percentiles_for_every_tick()
    {
        var result = await AideProcess.RunAsync(Home, "health", "--timing", "--period", "50ms", "--duration", "1s", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(OperatingSystem.IsLinux() ? "precise" : "system", json["clock"]!.GetValue<string>());
        // Every period of the run is accounted for: run, or counted as skipped when the machine was too busy to run
        // it in time (asserting none skipped failed now and then on a loaded CI machine: a wall-clock assert). The
        // upper bound follows the run's own measured length: on a loaded machine the 1 s wait ends late, and the
        // periods after the first second are real ticks too (a fixed 21 failed once with 22).
        var (ticks, skipped) = (json["ticks"]!.GetValue<int>(), json["skipped"]!.GetValue<long>());
        var periods = (int)(json["seconds"]!.GetValue<double>() / 0.050) + 1;
        Assert.InRange(ticks + skipped, 10, periods + 1);
        Assert.InRange(ticks, 1, periods + 1);
        var (p50, p99, max) = (json["p50Ms"]!.GetValue<double>(), json["p99Ms"]!.GetValue<double>(), json["maxMs"]!.GetValue<double>());
        Assert.True(p50 <= p99 && p99 <= max, result.Stdout); // consistent, not timed
    }

    [Fact]
    public async Task A_bad_period_is_a_usage_error_naming_the_option()
    {
        var result = await AideProcess.RunAsync(Home, "health", "--timing", "--period", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--period", result.Stderr, StringComparison.Ordinal);
    }
}
