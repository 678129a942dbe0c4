using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Microsoft.AspNetCore.Http;
using OpenAI;
using OpenAI.Chat;

namespace Aide.Cli.Tests;

/// <summary><c>aide serve</c> as a real process, called by the official OpenAI .NET SDK and by raw HTTP for the wire details.</summary>
public sealed class ServeCommandTests : LoopbackTestBase
{
    private AideProcess? _aide;
    private string _baseUrl = string.Empty;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var port = ClosedPort.Number();
        _baseUrl = $"http://127.0.0.1:{port}/v1";
        _aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}", "--drain", "5s"]);
        await _aide.WaitForStdoutAsync("Aide serves the OpenAI API");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_aide is not null)
        {
            await _aide.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_OpenAI_SDK_gets_a_whole_answer_with_its_usage()
    {
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri(_baseUrl) });

        ChatCompletion completion = await client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Hello from loopback.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(7, completion.Usage.InputTokenCount);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        var sent = Server.ChatRequests.Single().Json!;
        Assert.Equal("Be brief.", sent["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAI_SDK_streams_the_answer_and_gets_the_usage_chunk_last()
    {
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri(_baseUrl) });
        var text = new StringBuilder();
        var ids = new HashSet<string>();
        ChatTokenUsage? usage = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")], cancellationToken: TestContext.Current.CancellationToken))
        {
            ids.Add(update.CompletionId);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal("Hello from loopback.", text.ToString());
        Assert.Single(ids);
        Assert.NotNull(usage); // the .NET SDK asks for include_usage by default
    }

    [Fact]
    public async Task A_streamed_answer_has_the_wire_details_clients_rely_on_and_the_aide_headers()
    {
        using var http = new HttpClient();
        var body = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""";

        using var response = await http.PostAsync(_baseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var events = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("miss", response.Headers.GetValues("X-Aide-Cache").Single());
        Assert.StartsWith("openai=", response.Headers.GetValues("X-Aide-Provider").Single(), StringComparison.Ordinal);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        Assert.Single(chunks.Select(c => (string)c["id"]!).Distinct());
        Assert.Single(chunks.Select(c => (long)c["created"]!).Distinct());
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.Equal(7, (int)chunks[^1]["usage"]!["prompt_tokens"]!);
        Assert.All(chunks[..^1], c => Assert.Null(c["usage"]));
        Assert.Equal("stop", (string)chunks[^2]["choices"]![0]!["finish_reason"]!);
    }

    [Fact]
    public async Task An_upstream_stream_cut_off_midway_ends_with_an_error_event_not_a_dropped_connection()
    {
        Server.Enqueue(Respond.Unfinished("Half of "));
        using var http = new HttpClient();
        var body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Tell me everything."}]}""";

        using var response = await http.PostAsync(_baseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var events = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(events, e => e.Contains("Half of ", StringComparison.Ordinal));
        var error = JsonNode.Parse(events[^1]["data: ".Length..])!["error"]!;
        Assert.Equal("provider_unavailable", (string?)error["code"]);
        Assert.Contains("what arrived is incomplete", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_and_says_so()
    {
        using var http = new HttpClient();
        var body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Same question"}]}""";

        using var first = await http.PostAsync(_baseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var second = await http.PostAsync(_baseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        using var skipped = await PostAsync(http, body, ("Cache-Control", "no-cache"));

        Assert.Equal("miss", first.Headers.GetValues("X-Aide-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("X-Aide-Cache").Single());
        Assert.Equal("miss", skipped.Headers.GetValues("X-Aide-Cache").Single());
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.True(double.Parse(second.Headers.GetValues("X-Aide-Overhead-Ms").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task A_cached_answer_requested_as_a_stream_is_replayed_in_several_chunks()
    {
        Server.Default = Respond.Answer("A longer answer, ", "long enough to be cut ", "into several pieces ", "when it is replayed from the cache.");
        using var http = new HttpClient();
        var body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Tell me at length"}]}""";

        using var first = await PostAsync(http, body);
        var firstText = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var second = await PostAsync(http, body);
        var events = (await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("cut ", firstText, StringComparison.Ordinal);
        Assert.Equal("hit", second.Headers.GetValues("X-Aide-Cache").Single());
        var deltas = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()).Where(t => !string.IsNullOrEmpty(t)).ToList();
        Assert.True(deltas.Count >= 3, $"{deltas.Count} chunks");
        Assert.Equal("A longer answer, long enough to be cut into several pieces when it is replayed from the cache.", string.Concat(deltas));
        Assert.Single(Server.ChatRequests);
    }

    [Fact]
    public async Task Each_answer_has_a_request_id_that_its_events_carry()
    {
        using var http = new HttpClient();

        using var given = await PostAsync(http, """{"messages":[{"role":"user","content":"Traced"}]}""", ("X-Request-Id", "trace-42"));
        using var generated = await PostAsync(http, """{"messages":[{"role":"user","content":"Untraced"}]}""");
        var generatedId = generated.Headers.GetValues("x-request-id").Single();
        JsonNode? completed = null;
        var guard = Environment.TickCount64 + 15_000; // a hang guard: the journal is written in the background
        while (completed is null && Environment.TickCount64 < guard)
        {
            var journal = await AideProcess.RunAsync(Home, "events", "--type", "ChatResponseCompleted", "--json");
            completed = journal.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).FirstOrDefault(e => (string?)e["correlationId"] == "trace-42");
        }

        Assert.Equal("trace-42", given.Headers.GetValues("x-request-id").Single());
        Assert.Matches("^req_[0-9a-f]{24}$", generatedId);
        var answer = JsonNode.Parse(await generated.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Matches("^chatcmpl-[0-9a-f]{24}$", (string?)answer["id"]);
        Assert.NotEqual(answer["id"]!.ToString(), JsonNode.Parse(await given.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["id"]!.ToString());

        // A whole answer goes out with its length (one write), not chunked.
        Assert.Equal(generated.Content.Headers.ContentLength, (await generated.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
        Assert.NotEqual(true, generated.Headers.TransferEncodingChunked);
        Assert.NotNull(completed);
        Assert.Null(completed["callerId"]); // no keys, no caller to name (ServeAccessTests covers keys)
    }

    [Fact]
    public async Task Embeddings_come_through_the_OpenAI_SDK_and_as_base64_and_a_repeat_is_served_from_the_cache()
    {
        var client = new OpenAI.Embeddings.EmbeddingClient("openai/text-embedding-loopback", new ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri(_baseUrl) });
        using var http = new HttpClient();

        OpenAI.Embeddings.OpenAIEmbeddingCollection sdk = await client.GenerateEmbeddingsAsync(["hello", "hi"], cancellationToken: TestContext.Current.CancellationToken);
        using var base64 = await http.PostAsync(_baseUrl + "/embeddings", new StringContent("""{"model":"openai/text-embedding-loopback","input":"hello","encoding_format":"base64"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var encoded = JsonNode.Parse(await base64.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        using var floats = await http.PostAsync(_baseUrl + "/embeddings", new StringContent("""{"model":"openai/text-embedding-loopback","input":["hi"]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var plain = JsonNode.Parse(await floats.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        using var empty = await http.PostAsync(_baseUrl + "/embeddings", new StringContent("""{"model":"openai/text-embedding-loopback","input":[]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var tokens = await http.PostAsync(_baseUrl + "/embeddings", new StringContent("""{"model":"openai/text-embedding-loopback","input":[[1,2,3]]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal([5f, 1f, 0.25f], sdk[0].ToFloats().ToArray());
        Assert.Equal([2f, 2f, 0.25f], sdk[1].ToFloats().ToArray());
        Assert.Equal("list", (string)encoded["object"]!);
        Assert.Equal("openai/text-embedding-loopback", (string)encoded["model"]!);
        var bytes = Convert.FromBase64String((string)encoded["data"]![0]!["embedding"]!);
        Assert.Equal([5f, 1f, 0.25f], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        Assert.Equal([2.0, 2.0, 0.25], plain["data"]![0]!["embedding"]!.AsArray().Select(v => (double)v!).ToArray());
        Assert.Equal("embedding", (string)plain["data"]![0]!["object"]!);
        Assert.Equal(1, Server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal))); // each text's vector is cached
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tokens.StatusCode);
        Assert.Contains("\"param\":\"input\"", await tokens.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_come_in_OpenAIs_shape_with_the_right_status()
    {
        using var http = new HttpClient();
        async Task<(HttpStatusCode Status, JsonNode Error)> PostAsync(string path, string json)
        {
            using var response = await http.PostAsync(_baseUrl + path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!);
        }

        var malformed = await PostAsync("/chat/completions", """{"model":"gpt-4o-mini","messages":[""");
        var unknownModel = await PostAsync("/chat/completions", """{"model":"no-such-model","messages":[{"role":"user","content":"Hi"}]}""");
        var badRole = await PostAsync("/chat/completions", """{"messages":[{"role":"wizard","content":"Hi"}]}""");
        var tooLarge = await PostAsync("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 5 << 20) + "\"}]}");
        var nowhere = await PostAsync("/nowhere", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("Path:", (string)malformed.Error["message"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.Status);
        Assert.Equal("model_not_found", (string)unknownModel.Error["code"]!);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.Status);
        Assert.Equal("messages[0].role", (string)badRole.Error["param"]!);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.Status);
        Assert.Equal("invalid_request_error", (string)nowhere.Error["type"]!);
    }

    [Fact]
    public async Task An_upstream_failure_after_failover_is_a_gateway_error_that_tells_SDKs_not_to_retry()
    {
        Server.Default = Respond.Error(500, "boom");
        using var http = new HttpClient();
        var body = """{"messages":[{"role":"user","content":"Hi"}]}""";

        using var response = await http.PostAsync(_baseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
        Assert.Equal("upstream_error", (string)error["type"]!);
    }

    [Fact]
    public async Task The_models_list_names_the_providers_models()
    {
        using var http = new HttpClient();

        var list = JsonNode.Parse(await http.GetStringAsync(_baseUrl + "/models", TestContext.Current.CancellationToken))!;

        Assert.Equal("list", (string)list["object"]!);
        Assert.NotEmpty(list["data"]!.AsArray());
        Assert.All(list["data"]!.AsArray(), m => Assert.StartsWith("openai/", (string)m!["id"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_reports_the_health_monitors_snapshot_and_healthz_says_alive()
    {
        using var http = new HttpClient();

        using var ready = await http.GetAsync(_baseUrl.Replace("/v1", "/readyz", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var alive = await http.GetStringAsync(_baseUrl.Replace("/v1", "/healthz", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.Contains((string)report["level"]!, new[] { "healthy", "degraded", "unhealthy", "critical", "down" });
        Assert.Equal((string)report["level"]! is "healthy" or "degraded" ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains(report["components"]!.AsArray(), c => ((string)c!["name"]!).StartsWith("provider ", StringComparison.Ordinal));
        Assert.Equal("ok", alive);
    }

    [Fact]
    public async Task Metrics_are_served_in_Prometheus_text_with_Aides_and_ASP_NET_Cores_meters()
    {
        using var http = new HttpClient();
        using var answered = await PostAsync(http, """{"messages":[{"role":"user","content":"Hi"}]}""");
        var metricsUrl = _baseUrl.Replace("/v1", "/metrics", StringComparison.Ordinal);

        // The exporter caches a scrape briefly; read until the answered request shows.
        string text;
        do
        {
            text = await http.GetStringAsync(metricsUrl, TestContext.Current.CancellationToken);
        }
        while (!text.Contains("http_server_request_duration", StringComparison.Ordinal) && await Task.Delay(50, TestContext.Current.CancellationToken).ContinueWith(_ => true, TaskScheduler.Default));

        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("aide_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_one_line_usage_error()
    {
        var port = new Uri(_baseUrl).Port;

        var result = await AideProcess.RunAsync(Home, "serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("in use", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_address_is_refused_while_no_access_keys_exist()
    {
        var result = await AideProcess.RunAsync(Home, "serve", "--listen", "0.0.0.0:8088", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("beyond this machine", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_header_keeps_the_conversation_on_the_server_and_history_shows_it()
    {
        Server.Default = Respond.Echo();
        using var http = new HttpClient();

        await PostAsync(http, """{"messages":[{"role":"user","content":"My name is Ada"}]}""", ("X-Aide-Session", "work"));
        using var second = await PostAsync(http, """{"messages":[{"role":"user","content":"What is my name?"}]}""", ("X-Aide-Session", "work"));
        var history = await AideProcess.RunAsync(Home, "history", "show", "work");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var sent = Server.ChatRequests[^1].Json!["messages"]!.AsArray().Select(m => (string)m!["content"]!).ToList();
        Assert.Equal(["My name is Ada", "echo: My name is Ada", "What is my name?"], sent.TakeLast(3));
        Assert.Contains("My name is Ada", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("echo: What is my name?", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_on_one_session_each_get_and_save_their_own_answer()
    {
        Server.Default = Respond.Echo();
        using var http = new HttpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await PostAsync(http, $$"""{"messages":[{"role":"user","content":"question {{i}}"}]}""", ("X-Aide-Session", "busy"));
            return (i, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["choices"]![0]!["message"]!["content"]!);
        }));
        var history = await AideProcess.RunAsync(Home, "history", "show", "busy", "--json");

        Assert.All(answers, a => Assert.Equal($"echo: question {a.i}", a.Item2));
        var messages = JsonNode.Parse(history.Stdout)!["messages"]!.AsArray().Select(m => (string)m!["content"]!).ToList();
        Assert.Equal(16, messages.Count);
        for (var i = 0; i < 8; i++)
        {
            var question = messages.IndexOf($"question {i}");
            Assert.Equal($"echo: question {i}", messages[question + 1]);
        }
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_its_upstream_request()
    {
        var aborted = new TaskCompletionSource();
        Server.Default = async (context, _) =>
        {
            await StartStreamAsync(context, "Hel");
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        };
        using var http = new HttpClient();

        using (var response = await SendStreamingAsync(http))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            Assert.StartsWith("data: ", await reader.ReadLineAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SIGTERM_stops_accepting_and_lets_the_answer_in_progress_finish()
    {
        var gate = new TaskCompletionSource();
        Server.Default = async (context, _) =>
        {
            await StartStreamAsync(context, "Hel");
            await gate.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync(Chunk("lo.", "\"stop\"") + "data: [DONE]\n\n", context.RequestAborted);
        };
        using var http = new HttpClient();
        using var response = await SendStreamingAsync(http);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("data: ", await reader.ReadLineAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _aide!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // Shutdown has begun once a new connection is refused; only then is the upstream answer let through.
        using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var refused = false; !refused;)
        {
            try
            {
                using var probe = await fresh.GetAsync(_baseUrl + "/models", TestContext.Current.CancellationToken);
                await Task.Delay(20, TestContext.Current.CancellationToken); // sequencing only: the test's own timeout bounds it
            }
            catch (HttpRequestException)
            {
                refused = true;
            }
        }
        gate.SetResult();
        var rest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var exit = await _aide.WaitForExitAsync();

        Assert.Contains("lo.", rest, StringComparison.Ordinal);
        Assert.Contains("data: [DONE]", rest, StringComparison.Ordinal);
        Assert.Equal(0, exit.ExitCode);
    }

    private static string Chunk(string text, string finish = "null") =>
        $$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"{{text}}"},"finish_reason":{{finish}}}]}""" + "\n\n";

    private static async Task StartStreamAsync(HttpContext context, string first)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(Chunk(first), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _baseUrl + "/chat/completions")
        {
            Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _baseUrl + "/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
