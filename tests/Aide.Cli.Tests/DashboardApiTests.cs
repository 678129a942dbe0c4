using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>The dashboard's <c>/api</c> over HTTP against a real <c>aide serve</c>, and <c>aide dashboard</c>.</summary>
public sealed class DashboardApiTests : LoopbackTestBase
{
    [Fact]
    public async Task The_page_is_served_offline_with_a_strict_policy_and_every_panel_answers_json()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (aide, http) = await ServeAsync();
        await using var _ = aide;
        using var __ = http;
        await AskAsync(http, null, cancel);

        using var page = await http.GetAsync("/", cancel);
        var html = await page.Content.ReadAsStringAsync(cancel);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var script = await http.GetStringAsync("/dashboard/dashboard.js", cancel);
        var etag = (await http.GetAsync("/dashboard/dashboard.css", cancel)).Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.css") { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await http.SendAsync(conditional, cancel);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), cancel);
        var providers = await http.GetFromJsonAsync<JsonObject>("/api/providers", cancel);
        var usage = await http.GetFromJsonAsync<JsonObject>("/api/usage", cancel);
        var cache = await http.GetFromJsonAsync<JsonObject>("/api/cache", cancel);
        var health = await http.GetFromJsonAsync<JsonObject>("/api/health", cancel);
        var events = await http.GetFromJsonAsync<JsonArray>("/api/events?category=chat&type=ChatResponseCompleted", cancel);
        var bench = await http.GetFromJsonAsync<JsonObject>("/api/bench", cancel);
        using var unknown = await http.GetAsync("/api/nothing", cancel);
        using var noConversation = await http.GetAsync("/api/conversations/no-such-one", cancel);
        using var badName = await http.GetAsync("/api/conversations/..%2F..%2Fetc", cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/dashboard/dashboard.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // nothing from a CDN
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain(".innerHTML", script, StringComparison.Ordinal); // text goes in as text nodes
        Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("document.write", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(page.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(1, (int)providers!["providers"]![0]!["calls"]!);
        Assert.Equal("closed", (string?)providers["providers"]![0]!["breaker"]);
        Assert.Equal(1, (int)usage!["hours"]![0]!["requests"]!);
        Assert.Equal(7, (int)usage["hours"]![0]!["inputTokens"]!); // the loopback model's usage
        var cost = usage["costs"]![0]!;
        Assert.Equal((Respond.Model, 1, null), ((string?)cost["model"], (int)cost["requests"]!, (string?)cost["currency"])); // unpriced: no price configured
        Assert.False(string.IsNullOrEmpty((string?)health!["level"]));
        var codec = Assert.Single(cache!["compressionByCodec"]!.AsObject());
        Assert.Equal(1L, (long)cache["entriesByCodec"]![codec.Key]!); // the answer, kept on disk too
        Assert.InRange((double)codec.Value!, 0.01, 2); // stored over raw bytes of that codec's entries
        Assert.Equal("chat", (string?)Assert.Single(events!)!["category"]);
        Assert.Null(bench!["report"]);
        Assert.Contains("aide bench", (string?)bench["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noConversation.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badName.StatusCode);
    }

    [Fact]
    public async Task With_keys_the_api_needs_one_without_counting_it_and_actions_refuse_other_origins()
    {
        var cancel = TestContext.Current.CancellationToken;
        var key = (await AideProcess.RunAsync(Home, "keys", "create", "dash", "--rpm", "1")).Stdout.Trim();
        var (aide, http) = await ServeAsync();
        await using var _ = aide;
        using var __ = http;

        using var page = await http.GetAsync("/", cancel);
        using var anonymous = await http.GetAsync("/api/health", cancel);
        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var read = await SendAsync(http, HttpMethod.Get, "/api/cache", key, null, null, cancel);
            reads.Add(read.StatusCode);
        }

        using var foreign = await SendAsync(http, HttpMethod.Post, "/api/cache/clear", key, "https://evil.example", "{}", cancel);
        using var form = await SendAsync(http, HttpMethod.Post, "/api/cache/clear", key, null, "a=b", cancel, "application/x-www-form-urlencoded");
        using var keyless = await SendAsync(http, HttpMethod.Post, "/api/cache/clear", null, null, "{}", cancel);
        using var own = await SendAsync(http, HttpMethod.Post, "/api/cache/clear", key, http.BaseAddress!.ToString().TrimEnd('/'), "{}", cancel);
        using var invalidate = await SendAsync(http, HttpMethod.Post, "/api/cache/invalidate", key, null, """{"tag":"nothing-tagged"}""", cancel);
        using var both = await SendAsync(http, HttpMethod.Post, "/api/cache/invalidate", key, null, """{"tag":"a","prefix":"b"}""", cancel);
        using var malformed = await SendAsync(http, HttpMethod.Post, "/api/cache/invalidate", key, null, "{\"tag\":", cancel);
        using var keys = await SendAsync(http, HttpMethod.Get, "/api/keys", key, null, null, cancel);
        var keysJson = await keys.Content.ReadAsStringAsync(cancel);
        using var foreignRevoke = await SendAsync(http, HttpMethod.Post, "/api/keys/dash/revoke", key, "https://evil.example", "{}", cancel);
        using var unknownRevoke = await SendAsync(http, HttpMethod.Post, "/api/keys/nobody/revoke", key, null, "{}", cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // the page itself asks for the key
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.All(reads, status => Assert.Equal(HttpStatusCode.OK, status)); // --rpm 1 limits the API, not the dashboard's reads
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(0, (int)JsonNode.Parse(await invalidate.Content.ReadAsStringAsync(cancel))!["removed"]!);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("dash", (string?)JsonNode.Parse(keysJson)!["keys"]![0]!["name"]);
        Assert.Equal("dash", (string?)JsonNode.Parse(keysJson)!["caller"]);
        Assert.DoesNotContain(key, keysJson, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", keysJson, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, foreignRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRevoke.StatusCode);
        Assert.DoesNotContain(key, aide.StdoutSoFar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_the_stream_replays_from_Last_Event_ID_goes_on_live_and_ends_when_the_server_stops()
    {
        var cancel = TestContext.Current.CancellationToken;
        var port = ClosedPort.Number();
        string lastSeen;
        var (first, http) = await ServeAsync(port);
        using (http)
        {
            await using (first)
            {
                await AskAsync(http, null, cancel);
                var events = await Eventually(() => http.GetFromJsonAsync<JsonArray>("/api/events?type=ChatRequestStarted", cancel), e => e?.Count == 1);
                lastSeen = (string)events![0]!["id"]!;
                await AskAsync(http, null, cancel); // the page would miss this one: it is "disconnected" from here on
                await first.SendInterruptAsync();
                await first.WaitForExitAsync(); // the journal is flushed as the server stops
            }
        }

        var (second, again) = await ServeAsync(port, "--drain", "5m");
        await using var _ = second;
        using var __ = again;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream?category=chat&type=ChatRequestStarted,ChatResponseCompleted") { Headers = { { "Last-Event-ID", lastSeen } } };
        using var stream = await again.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cancel), Encoding.UTF8);
        var replayed = await ReadEventsAsync(reader, 3, cancel); // the first's answer, the second request's start and answer
        await AskAsync(again, null, cancel);
        var live = await ReadEventsAsync(reader, 2, cancel);
        await second.SendInterruptAsync(); // the open stream ends with the server: it does not hold the 5-minute drain
        await second.WaitForExitAsync(); // (fails after a 60 s guard otherwise)

        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["ChatResponseCompleted", "ChatRequestStarted", "ChatResponseCompleted"], replayed.Select(e => (string)e["type"]!));
        Assert.DoesNotContain(replayed, e => (string?)e["id"] == lastSeen);
        Assert.Equal(["ChatRequestStarted", "ChatResponseCompleted"], live.Select(e => (string)e["type"]!));
    }

    [Fact]
    public async Task Aide_dashboard_points_at_a_running_server_or_serves_one_itself_on_loopback_only()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (aide, http) = await ServeAsync();
        await using (aide)
        {
            using (http)
            {
                var found = await AideProcess.RunAsync(Home, "dashboard", "--listen", http.BaseAddress!.Authority);
                Assert.Equal(0, found.ExitCode);
                Assert.Contains($"Aide's dashboard: {http.BaseAddress} (served by the aide serve already running there)", found.Stdout, StringComparison.Ordinal);
            }
        }

        var port = ClosedPort.Number();
        await using var own = AideProcess.Start(Home, ["dashboard", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}"]);
        await own.WaitForStdoutAsync($"Aide's dashboard: http://127.0.0.1:{port}/ (served by this process; Ctrl+C stops it)");
        using var client = new HttpClient();
        using var page = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancel);
        var exposed = await AideProcess.RunAsync(Home, "dashboard", "--listen", $"0.0.0.0:{ClosedPort.Number()}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, exposed.ExitCode);
        Assert.Contains("loopback only", exposed.Stderr, StringComparison.Ordinal);
    }

    private async Task<(AideProcess Aide, HttpClient Http)> ServeAsync(int? port = null, params string[] more)
    {
        var listen = port ?? ClosedPort.Number();
        var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{listen}", "--provider", $"openai={Server.BaseUrl}", .. more]);
        await aide.WaitForStdoutAsync("Dashboard: ");
        return (aide, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen}/") });
    }

    private static async Task AskAsync(HttpClient http, string? key, CancellationToken cancel)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", key, null, """{"messages":[{"role":"user","content":"Hi"}]}""", cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpMethod method, string path, string? key, string? origin, string? body, CancellationToken cancel, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        return await http.SendAsync(request, cancel);
    }

    private static async Task<List<JsonNode>> ReadEventsAsync(StreamReader reader, int count, CancellationToken cancel)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        guard.CancelAfter(TimeSpan.FromSeconds(30)); // a hang guard, not a timing assertion
        var events = new List<JsonNode>();
        while (events.Count < count && await reader.ReadLineAsync(guard.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(JsonNode.Parse(line[6..])!);
            }
        }

        return events;
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var guard = Environment.TickCount64 + 15_000; // a hang guard: events reach the dashboard from the bus's dispatcher
        while (true)
        {
            var value = await read();
            if (done(value) || Environment.TickCount64 > guard)
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
