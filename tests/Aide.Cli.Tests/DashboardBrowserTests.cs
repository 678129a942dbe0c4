using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>
/// The dashboard in a real browser (headless Chromium over the DevTools protocol) against a real <c>aide serve</c>
/// with two loopback providers, the first failing: every panel fills, live events arrive, the breaker shows open, a
/// cache clear from the page empties the cache, and model output with markup is shown as text.
/// Set <c>AIDE_SCREENSHOTS=DIR</c> to save the page and each panel there (how docs/dashboard/*.png are made).
/// </summary>
public sealed class DashboardBrowserTests : LoopbackTestBase
{
    private const string Hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> Here is **bold** and `code`.";

    [Fact]
    public async Task Every_panel_fills_events_arrive_live_the_breaker_shows_open_the_cache_clears_and_markup_stays_text()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var failing = await LoopbackOpenAIServer.StartAsync();
        failing.Default = Respond.Error(503, "down for maintenance");
        Server.Default = Respond.Answer(Hostile);
        var bench = await AideProcess.RunAsync(Home, "bench", "--quick", "--only", "compression", "--no-fail");
        Assert.Equal(0, bench.ExitCode);
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={failing.BaseUrl}", "--provider", $"openai={Server.BaseUrl}", "--retries", "0"]);
        await aide.WaitForStdoutAsync("Dashboard: ");
        var home = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient { BaseAddress = new Uri(home) };
        await using var browser = await HeadlessBrowser.StartAsync(cancel);

        var navigated = Stopwatch.StartNew();
        await browser.NavigateAsync(home, cancel);
        await browser.WaitForAsync("document.querySelector('#health tbody tr')", cancel);
        var firstPanel = navigated.Elapsed;
        var healthArrived = (double)(await browser.EvaluateAsync("performance.getEntriesByType('resource').find(r => r.name.endsWith('/api/health')).responseEnd", cancel))!;

        // Two failures of the first provider open its breaker; the second answers every request.
        await AskAsync(http, "What is Aide?", session: "dashboard-demo", cancel);
        await AskAsync(http, "Same question", session: null, cancel);
        var watch = Stopwatch.StartNew();
        var completedBefore = await CountAsync(browser, "ChatResponseCompleted", cancel);
        await AskAsync(http, "Same question", session: null, cancel); // answered from the cache
        var answered = watch.Elapsed;
        await browser.WaitForAsync($"document.querySelectorAll('#events li[data-type=ChatResponseCompleted]').length > {completedBefore}", cancel);
        var eventShown = watch.Elapsed - answered;

        await browser.WaitForAsync($"[...document.querySelectorAll('#providers tbody tr')].some(r => r.dataset.provider.includes('{Port(failing)}') && r.querySelector('.state.open'))", cancel);
        await browser.WaitForAsync($"[...document.querySelectorAll('#providers tbody tr')].some(r => r.dataset.provider.includes('{Port(Server)}') && r.textContent.includes('closed'))", cancel);
        await browser.WaitForAsync("document.querySelector('#usage tbody td')?.textContent.includes(':')", cancel);
        await browser.WaitForAsync("/[1-9]/.test(document.querySelector('#cache dd[data-figure=memory]')?.textContent ?? '')", cancel);
        await browser.WaitForAsync("document.querySelectorAll('#bench tbody tr').length > 0 && document.querySelector('#bench .bench-charts svg')", cancel);
        await browser.WaitForAsync("[...document.querySelectorAll('#health svg.spark polyline')].length > 0", cancel);

        // Conversations: search finds the stored one; its messages render Markdown, and markup as text.
        await browser.EvaluateAsync("(() => { const s = document.querySelector('#conv-search'); s.value = 'demo'; s.dispatchEvent(new Event('input')); })()", cancel);
        await browser.WaitForAsync("document.querySelector('#conversations tr[data-name=dashboard-demo]')", cancel);
        await browser.EvaluateAsync("document.querySelector('#conversations tr[data-name=dashboard-demo]').click()", cancel);
        await browser.WaitForAsync("document.querySelector('#conversations .msg.assistant')", cancel);
        var shownText = (string?)await browser.EvaluateAsync("document.querySelector('#conversations .msg.assistant').textContent", cancel);
        var injected = await browser.EvaluateAsync("[typeof window.pwned, document.querySelectorAll('#conversations script, #conversations img').length, document.querySelector('#conversations .msg.assistant strong')?.textContent]", cancel);

        await Screenshots(browser, cancel);

        // The clear button (its confirm() answered OK) empties both tiers.
        await browser.EvaluateAsync("document.querySelector('#cache-clear').click()", cancel);
        await browser.WaitForAsync("document.querySelector('#cache .result').textContent.startsWith('cleared')", cancel);
        var cache = await http.GetFromJsonAsync<JsonObject>("api/cache", cancel);
        await browser.NavigateAsync(home, cancel); // again, as a browser that has the page's files already
        await browser.WaitForAsync("document.querySelector('#health tbody tr')", cancel);
        var again = (double)(await browser.EvaluateAsync("performance.getEntriesByType('resource').find(r => r.name.endsWith('/api/health')).responseEnd", cancel))!;
        if (Environment.GetEnvironmentVariable("AIDE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await File.WriteAllTextAsync(
                Path.Combine(folder, "timing.txt"),
                $"first panel's data arrived {healthArrived:0} ms after navigation start in a fresh browser (filled by {firstPanel.TotalMilliseconds:0} ms, 50 ms polling); {again:0} ms on the next visit\n",
                cancel);
        }

        Assert.Contains("<script>window.pwned = 1</script>", shownText, StringComparison.Ordinal);
        Assert.Equal("undefined", (string?)injected![0]);
        Assert.Equal(0, (int)injected[1]!);
        Assert.Equal("bold", (string?)injected[2]);
        Assert.Equal(0L, (long)cache!["memoryEntries"]!);
        Assert.Equal(0L, (long)cache["diskEntries"]!);
        Assert.True(eventShown < TimeSpan.FromSeconds(1), $"the event was shown {eventShown.TotalMilliseconds:0} ms after the answer (the issue asks for 1 s)");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task With_keys_the_page_asks_for_one_then_shows_the_keys_and_revokes_one()
    {
        var cancel = TestContext.Current.CancellationToken;
        var admin = (await AideProcess.RunAsync(Home, "keys", "create", "admin")).Stdout.Trim();
        var ci = (await AideProcess.RunAsync(Home, "keys", "create", "ci", "--rpm", "30")).Stdout.Trim();
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}"]);
        await aide.WaitForStdoutAsync("Dashboard: ");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await using var browser = await HeadlessBrowser.StartAsync(cancel);

        await browser.NavigateAsync(http.BaseAddress.ToString(), cancel);
        await browser.WaitForAsync("!document.querySelector('#key-form').hidden", cancel);
        await browser.WaitForAsync("document.querySelector('#ev-state').textContent === 'needs an access key'", cancel);
        var before = browser.Problems.Count; // the 401s that made the page ask
        await browser.EvaluateAsync($"(() => {{ document.querySelector('#key').value = '{admin}'; document.querySelector('#key-form').requestSubmit(); }})()", cancel);
        await browser.WaitForAsync("document.querySelector('#health tbody tr') && document.querySelector('#key-form').hidden", cancel);
        await browser.WaitForAsync("document.querySelector('#ev-state').textContent === 'live'", cancel); // the stream restarted with the key
        await browser.WaitForAsync("document.querySelectorAll('#keys tbody tr').length === 2 && document.querySelector('#keys .summary').textContent.includes(\"'admin'\")", cancel);
        var stored = await browser.EvaluateAsync("sessionStorage.getItem('aide-key') !== null", cancel);
        await browser.EvaluateAsync("document.querySelector('#keys tr[data-key=ci] button').click()", cancel);
        await browser.WaitForAsync("document.querySelectorAll('#keys tbody tr').length === 1 && document.querySelector('#keys .result').textContent.includes('revoked')", cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hi" }) }),
        };
        request.Headers.Authorization = new("Bearer", ci);
        using var refused = await http.SendAsync(request, cancel);
        var keysPage = await browser.EvaluateAsync("document.querySelector('#keys').textContent", cancel);

        Assert.True(before > 0);
        Assert.True((bool)stored!);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode); // revoked at once
        Assert.DoesNotContain(admin, keysPage!.ToString(), StringComparison.Ordinal);
        Assert.All(browser.Problems, problem => Assert.Contains("401", problem, StringComparison.Ordinal)); // only the refusals that made it ask
    }

    [Fact]
    public async Task The_live_list_reconnects_after_a_server_restart_and_misses_nothing()
    {
        var cancel = TestContext.Current.CancellationToken;
        var port = ClosedPort.Number();
        string[] serve = ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}"];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await using var browser = await HeadlessBrowser.StartAsync(cancel);
        var first = AideProcess.Start(Home, serve);
        await first.WaitForStdoutAsync("Dashboard: ");
        await browser.NavigateAsync(http.BaseAddress.ToString(), cancel);
        await browser.WaitForAsync("document.querySelector('#ev-state').textContent === 'live'", cancel);
        await AskAsync(http, "before the restart", session: null, cancel);
        await browser.WaitForAsync("document.querySelectorAll('#events li[data-type=ChatResponseCompleted]').length === 1", cancel);
        await first.SendInterruptAsync();
        await first.WaitForExitAsync();
        await first.DisposeAsync();
        await browser.WaitForAsync("document.querySelector('#ev-state').textContent.startsWith('reconnecting')", cancel);

        await using var second = AideProcess.Start(Home, serve);
        await second.WaitForStdoutAsync("Dashboard: ");
        await AskAsync(http, "after the restart", session: null, cancel); // may happen before the page is back: replayed then
        await browser.WaitForAsync("document.querySelectorAll('#events li[data-type=ChatResponseCompleted]').length === 2", cancel);
        var ids = await browser.EvaluateAsync("[...document.querySelectorAll('#events li')].map(li => li.dataset.id)", cancel);

        Assert.Equal(ids!.AsArray().Count, ids.AsArray().Select(id => (string?)id).Distinct().Count()); // nothing shown twice
        Assert.Equal("live", (string?)await browser.EvaluateAsync("document.querySelector('#ev-state').textContent", cancel));
    }

    private static async Task AskAsync(HttpClient http, string question, string? session, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }) }),
        };
        if (session is not null)
        {
            request.Headers.Add("X-Aide-Session", session);
        }

        using var response = await http.SendAsync(request, cancel);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancel));
    }

    private static async Task<int> CountAsync(HeadlessBrowser browser, string type, CancellationToken cancel) =>
        (int)(await browser.EvaluateAsync($"document.querySelectorAll('#events li[data-type={type}]').length", cancel))!;

    private static string Port(LoopbackOpenAIServer server) => new Uri(server.BaseUrl).Port.ToString(CultureInfo.InvariantCulture);

    private static async Task Screenshots(HeadlessBrowser browser, CancellationToken cancel)
    {
        if (Environment.GetEnvironmentVariable("AIDE_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await browser.ScreenshotAsync(Path.Combine(folder, "dashboard.png"), null, cancel);
        foreach (var panel in new[] { "health", "providers", "events", "cache", "usage", "keys", "conversations", "bench" })
        {
            await browser.ScreenshotAsync(Path.Combine(folder, $"{panel}.png"), "#" + panel, cancel);
        }
    }
}
