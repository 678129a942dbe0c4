using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>Access keys: <c>aide keys</c> and a real <c>aide serve</c> that requires them once one exists.</summary>
public sealed class ServeAccessTests : LoopbackTestBase
{
    private const string Body = """{"messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task Once_a_key_exists_requests_need_it_its_limit_holds_and_revoking_takes_effect()
    {
        var created = await AideProcess.RunAsync(Home, "keys", "create", "ci", "--rpm", "2");
        var key = created.Stdout.Trim();
        var list = await AideProcess.RunAsync(Home, "keys", "list");
        var file = Directory.GetFiles(Home.Root, "keys.json", SearchOption.AllDirectories).Single();
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}"]);
        await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{port}/v1/chat/completions";

        using var anonymous = await PostAsync(http, url, null);
        using var wrong = await PostAsync(http, url, "aide-not-a-key");
        using var first = await PostAsync(http, url, key);
        using var second = await PostAsync(http, url, key);
        using var third = await PostAsync(http, url, key);
        var revoked = await AideProcess.RunAsync(Home, "keys", "revoke", "ci");
        HttpStatusCode afterRevoke;
        var guard = Environment.TickCount64 + 15_000; // a hang guard, not a timing assertion
        do
        {
            using var again = await PostAsync(http, url, key);
            afterRevoke = again.StatusCode;
            await Task.Delay(100, TestContext.Current.CancellationToken); // sequencing: the server re-reads the file within a second
        }
        while (afterRevoke != HttpStatusCode.Unauthorized && Environment.TickCount64 < guard);

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("aide-", key, StringComparison.Ordinal);
        Assert.Contains("ci\t2 requests/min", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("rate_limit_exceeded", await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke); // revoking the last key locks the server, never opens it
        Assert.DoesNotContain(key, aide.StdoutSoFar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_limit_refuses_a_key_whose_minute_is_used_and_events_name_the_caller()
    {
        var key = (await AideProcess.RunAsync(Home, "keys", "create", "budgeted", "--tpm", "12")).Stdout.Trim();
        var list = await AideProcess.RunAsync(Home, "keys", "list");
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}", "--no-cache"]);
        await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{port}/v1/chat/completions";

        using var first = await PostAsync(http, url, key); // the loopback model reports 10 tokens: 2 left this minute
        using var second = await PostAsync(http, url, key); // may go on: tokens left; its 10 tokens use them up
        using var third = await PostAsync(http, url, key);
        var requestId = first.Headers.GetValues("x-request-id").Single();
        string? caller = null;
        var guard = Environment.TickCount64 + 15_000; // a hang guard: the journal is written in the background
        while (caller is null && Environment.TickCount64 < guard)
        {
            var journal = await AideProcess.RunAsync(Home, "events", "--type", "ChatResponseCompleted", "--json");
            caller = journal.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
                .Where(e => (string?)e["correlationId"] == requestId).Select(e => (string?)e["callerId"]).FirstOrDefault();
        }

        Assert.Contains("budgeted\t12 tokens/min", list.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("tokens a minute", await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.Equal("budgeted", caller);
    }

    [Fact]
    public async Task With_a_key_serve_may_listen_beyond_loopback_and_a_bad_name_is_a_usage_error()
    {
        var bad = await AideProcess.RunAsync(Home, "keys", "create", "../etc");
        var missing = await AideProcess.RunAsync(Home, "keys", "revoke", "nobody");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not a key name", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Empty(Directory.GetFiles(Home.Root, "keys.json", SearchOption.AllDirectories));

        await AideProcess.RunAsync(Home, "keys", "create", "team");
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(Home, ["serve", "--listen", $"0.0.0.0:{port}", "--provider", $"openai={Server.BaseUrl}"]);
        await aide.WaitForStdoutAsync($"http://0.0.0.0:{port}/v1");
    }

    [Fact]
    public async Task A_keys_file_with_a_damaged_hash_is_named_as_damaged_not_a_stack_trace()
    {
        await AideProcess.RunAsync(Home, "keys", "create", "team");
        var file = Directory.GetFiles(Home.Root, "keys.json", SearchOption.AllDirectories).Single();
        var keys = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        keys["keys"]![0]!["salt"] = "not base64!";
        await File.WriteAllTextAsync(file, keys.ToJsonString(), TestContext.Current.CancellationToken);

        var list = await AideProcess.RunAsync(Home, "keys", "list");

        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains("is damaged (the key 'team' has a salt or hash that is not base64)", list.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", list.Stderr, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
