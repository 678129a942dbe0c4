using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace Aide.Cli.Tests;

/// <summary>
/// Usage and cost end to end: the real aide against the loopback server, whose answers report 7 prompt and 3 answer
/// tokens; priced in the config file at 1,000 per million each, an answer costs exactly $0.01.
/// </summary>
public sealed class UsageTests : LoopbackTestBase
{
    private const string Prices = """ "prices": [ { "model": "loopback-model", "input": 1000, "output": 1000 } ] """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<AideResult> Aide(params string[] args) => AideProcess.RunAsync(Home, args);

    private Task<AideResult> Ask(string question, params string[] more) => Aide(["ask", "--provider", $"openai={Server.BaseUrl}", .. more, question]);

    private static JsonNode Json(AideResult result) => JsonNode.Parse(result.Stdout) ?? throw new InvalidOperationException(result.ToString());

    [Fact]
    public async Task Ask_reports_the_turns_cost_and_context_fill_in_json_and_on_stderr_with_usage()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");

        var json = Json(await Ask("What does it cost?", "--json", "--session", "costs"));
        Assert.Equal(0.01m, json["cost"]!.GetValue<decimal>());
        Assert.Equal("USD", json["currency"]!.GetValue<string>());
        Assert.InRange(json["contextFill"]!.GetValue<double>(), 0.0001, 0.05);
        Assert.False(json["usage"]!["estimated"]!.GetValue<bool>());

        var line = await Ask("And now?", "--usage", "--session", "costs");
        Assert.Equal(0, line.ExitCode);
        Assert.Equal("Hello from loopback.\n", line.Stdout); // the answer alone on stdout
        Assert.Matches(@"^7 in / 3 out tokens · context \d+% · \$0\.01 this turn · \$0\.02 this session\n$", line.Stderr);
    }

    [Fact]
    public async Task A_model_without_a_price_is_unpriced_not_guessed()
    {
        var json = Json(await Ask("Free?", "--json"));
        Assert.Equal(0m, json["cost"]!.GetValue<decimal>());
        Assert.Null(json["currency"]);

        var line = await Ask("Free?", "--usage", "--no-cache");
        Assert.Contains("unpriced (loopback-model)", line.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_reports_no_usage_gets_aides_count_marked_estimated()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");
        Server.Default = Respond.AnswerWithoutUsage("Hello", " from", " loopback.");

        var json = Json(await Ask("How many tokens?", "--json"));
        var usage = json["usage"]!;
        Assert.True(usage["estimated"]!.GetValue<bool>());
        Assert.InRange(usage["inputTokens"]!.GetValue<long>(), 3, 40);
        Assert.InRange(usage["outputTokens"]!.GetValue<long>(), 3, 8);
        Assert.True(json["cost"]!.GetValue<decimal>() > 0);

        var report = Json(await Aide("usage", "--json"));
        Assert.Equal(1, report["total"]!["estimatedRequests"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_cached_answer_costs_nothing_and_is_counted_as_saved()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");
        await Ask("Same question", "--json");

        var again = Json(await Ask("Same question", "--json"));
        Assert.True(again["cached"]!.GetValue<bool>());
        Assert.Equal((0m, 0.01m), (again["cost"]!.GetValue<decimal>(), again["saved"]!.GetValue<decimal>()));

        var total = Json(await Aide("usage", "--json"))["total"]!;
        Assert.Equal((2L, 1L, 0.01m, 0.01m), (total["requests"]!.GetValue<long>(), total["cachedRequests"]!.GetValue<long>(), total["cost"]!.GetValue<decimal>(), total["saved"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Chat_shows_a_status_line_after_each_answer_and_usage_prints_the_totals()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");

        var result = await AideProcess.RunWithInputAsync(Home, "First\nSecond\n/usage\n", "chat", "--provider", $"openai={Server.BaseUrl}", "--no-cache");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("tokens", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("$0.01 this turn", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("$0.01 this turn · $0.02 this session", lines[1], StringComparison.Ordinal);
        Assert.Contains("This conversation: 2 answers (0 from cache), 14 tokens in, 6 out.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cost: $0.02; the cache saved $0.00.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_reports_from_the_history_grouped_every_way_as_a_table_json_and_csv()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");
        await Ask("One", "--session", "alpha");
        await Ask("Two", "--session", "alpha");
        await Ask("Three", "--session", "beta");

        var table = await Aide("usage");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("loopback-model", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("$0.03", table.Stdout, StringComparison.Ordinal);

        var sessions = Json(await Aide("usage", "--by", "session", "--json"));
        Assert.Equal("session", sessions["by"]!.GetValue<string>());
        var groups = sessions["groups"]!.AsArray().ToDictionary(g => g!["name"]!.GetValue<string>(), g => (g!["requests"]!.GetValue<long>(), g["share"]!.GetValue<double>()));
        Assert.Equal((2L, Math.Round(2.0 / 3, 6)), (groups["alpha"].Item1, groups["alpha"].Item2));
        Assert.Equal(1L, groups["beta"].Item1);

        foreach (var by in new[] { "day", "provider", "model", "key" })
        {
            var report = Json(await Aide("usage", "--by", by, "--since", "1d", "--json"));
            Assert.Equal(3, report["total"]!["requests"]!.GetValue<long>());
            Assert.Single(report["groups"]!.AsArray());
        }

        Assert.Equal("(no key)", Json(await Aide("usage", "--by", "key", "--json"))["groups"]![0]!["name"]!.GetValue<string>());
        var csv = (await Aide("usage", "--by", "provider", "--csv")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("provider,requests,cached_requests,estimated_requests,unpriced_requests,input_tokens,cached_input_tokens,output_tokens,cost,saved,share,currency", csv[0]);
        Assert.Equal("openai,3,0,0,0,21,0,9,0.03,0,1,USD", csv[1]);
        Assert.StartsWith("total,3,", csv[2], StringComparison.Ordinal);

        var prices = await Aide("usage", "prices");
        Assert.Contains("loopback-model", prices.Stdout, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-mini", prices.Stdout, StringComparison.Ordinal);

        var bad = await Aide("usage", "--since", "last tuesday");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--since 'last tuesday'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_budget_warns_at_80_percent_and_refuses_at_100_without_calling_the_model()
    {
        Home.WriteConfig($$"""{ {{Prices}}, "budget": { "daily": 0.025 } }""");

        var first = await Ask("One", "--no-cache");
        Assert.DoesNotContain("budget", first.Stderr, StringComparison.Ordinal);
        var second = await Ask("Two", "--no-cache"); // $0.02 of $0.025
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("80 % of the daily budget of $0.025 spent ($0.02)", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Ask("Three", "--no-cache")).ExitCode); // admitted under the budget; it ends above it

        var refused = await Ask("Four", "--no-cache", "--json");
        Assert.Equal(6, refused.ExitCode);
        Assert.Equal("budgetExceeded", Json(refused)["error"]!["kind"]!.GetValue<string>());
        Assert.Contains("daily budget of $0.025 is spent ($0.03", Json(refused)["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, Server.ChatRequests.Count);

        var events = await Aide("events", "--type", "BudgetExceeded", "--json");
        Assert.Contains("BudgetExceeded", events.Stdout, StringComparison.Ordinal);

        // Raised: admitted again at once.
        Assert.Equal(0, (await Aide("config", "set", "budget", "1/day")).ExitCode);
        Assert.Equal(0, (await Ask("Five", "--no-cache")).ExitCode);
    }

    [Fact]
    public async Task A_budget_with_history_off_is_a_configuration_error()
    {
        Home.WriteConfig("""{ "budget": "20/month", "history": false }""");
        var result = await Ask("Hi");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("turn history on, or remove the budget", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_refuses_a_key_over_its_budget_with_insufficient_quota_and_records_every_request()
    {
        Home.WriteConfig($$"""{ {{Prices}} }""");
        var key = (await Aide("keys", "create", "team", "--budget", "0.015/day")).Stdout.Trim();
        Assert.Contains("budget 0.015/day USD", (await Aide("keys", "list")).Stdout, StringComparison.Ordinal);
        var port = ClosedPort.Number();
        await using var serve = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}", "--no-cache"]);
        await serve.WaitForStdoutAsync("Aide serves the OpenAI API");
        var client = new ChatClient("loopback-model", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1") });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);

        // A whole answer says what it cost; a streamed one with include_usage gets its usage chunk.
        using (var whole = await http.PostAsync("v1/chat/completions", new StringContent("""{"messages":[{"role":"user","content":"One"}]}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("0.01 USD", whole.Headers.GetValues("X-Aide-Cost").Single());
        }

        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Two")], new ChatCompletionOptions(), Ct))
        {
            usage ??= update.Usage;
        }

        Assert.Equal(7, usage!.InputTokenCount);

        // $0.02 of $0.015: refused, as OpenAI refuses a spent quota, and the SDK does not retry it.
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Three")], cancellationToken: Ct));
        Assert.Equal(429, refused.Status);
        using (var raw = await http.PostAsync("v1/chat/completions", new StringContent("""{"messages":[{"role":"user","content":"Three"}]}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
            var error = JsonNode.Parse(await raw.Content.ReadAsStringAsync(Ct))!["error"]!;
            Assert.Equal(("insufficient_quota", "insufficient_quota"), (error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
            Assert.Contains("key 'team'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(2, Server.ChatRequests.Count);

        // Raised while the server runs: admitted again within a second or so (the keys file is re-read).
        Assert.Equal(0, (await Aide("keys", "budget", "team", "1/day")).ExitCode);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.CompleteChatAsync([new UserChatMessage("Four")], cancellationToken: Ct);
                break;
            }
            catch (ClientResultException e) when (e.Status == 429 && attempt < 50)
            {
                await Task.Delay(100, Ct);
            }
        }

        await serve.SendInterruptAsync();
        await serve.WaitForExitAsync();
        var byKey = Json(await Aide("usage", "--by", "key", "--json"))["groups"]!.AsArray();
        var team = Assert.Single(byKey);
        Assert.Equal(("team", 3L, 0.03m), (team!["name"]!.GetValue<string>(), team["requests"]!.GetValue<long>(), team["cost"]!.GetValue<decimal>()));
    }
}
