using System.Text.Json;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests;

/// <summary>End to end: the aide executable against a loopback server speaking Ollama's /api/chat (streamed NDJSON).</summary>
public sealed class OllamaProviderTests : IAsyncLifetime
{
    private readonly TestHome _home = new();
    private readonly List<JsonNode> _requests = [];
    private WebApplication _app = null!;
    private string _address = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _app = LoopbackApp.Create();
        _app.MapPost("/api/chat", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            lock (_requests)
            {
                _requests.Add(body);
            }

            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { model = "llama3.2", created_at = "2026-11-28T00:00:00Z", message = new { role = "assistant", content = "Hello from Ollama." }, done = false }) + "\n");
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { model = "llama3.2", created_at = "2026-11-28T00:00:00Z", message = new { role = "assistant", content = string.Empty }, done = true, done_reason = "stop", prompt_eval_count = 5, eval_count = 4 }) + "\n");
        });
        _address = await LoopbackApp.StartAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Ask_streams_an_answer_from_Ollama_and_asks_it_for_the_configured_context()
    {
        _home.Environment["AIDE_CONTEXT_TOKENS"] = "8192";

        var result = await AideProcess.RunAsync(_home, "ask", "--provider", $"ollama={_address}", "--json", "hello");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("Hello from Ollama.", json["text"]!.GetValue<string>());
        Assert.Equal(4, json["usage"]!["outputTokens"]!.GetValue<long>());
        var request = Assert.Single(_requests);
        Assert.Equal("llama3.2", request["model"]!.GetValue<string>());
        Assert.Equal("hello", request["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>());
        Assert.Equal(8192, request["options"]!["num_ctx"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_a_configured_context_Ollama_keeps_its_own()
    {
        var result = await AideProcess.RunAsync(_home, "ask", "--provider", $"ollama={_address}", "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from Ollama.", result.Stdout.Trim());
        Assert.Null(Assert.Single(_requests)["options"]?["num_ctx"]);
    }
}
