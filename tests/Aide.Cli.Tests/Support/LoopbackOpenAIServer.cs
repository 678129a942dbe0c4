using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// A real OpenAI-compatible HTTP server on 127.0.0.1 (Kestrel, random port) that answers each request with the next
/// scripted <see cref="Responder"/> (or a default answer) and records what it received.
/// </summary>
public sealed class LoopbackOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Responder> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackOpenAIServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Gets the answer given when the script is empty.</summary>
    public Responder Default { get; set; } = Respond.Answer("Hello", " from", " loopback.");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> ChatRequests => [.. _requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    public static async Task<LoopbackOpenAIServer> StartAsync()
    {
        var app = LoopbackApp.Create();
        var server = new LoopbackOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapGet("/v1/models", server.HandleModelsAsync);
        app.MapPost("/v1/embeddings", server.HandleEmbeddingsAsync);
        server.BaseUrl = await LoopbackApp.StartAsync(app) + "/v1";
        return server;
    }

    public LoopbackOpenAIServer Enqueue(params Responder[] responders)
    {
        foreach (var responder in responders)
        {
            _script.Enqueue(responder);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        var responder = _script.TryDequeue(out var next) ? next : Default;
        await responder(context, request);
    }

    private async Task HandleModelsAsync(HttpContext context)
    {
        await RecordAsync(context);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"object":"list","data":[{"id":"{{Respond.Model}}","object":"model"}]}""");
    }

    /// <summary>OpenAI's embeddings: input i gets [its length, i + 1, 0.25], as numbers or as base64 float32 bytes.</summary>
    private async Task HandleEmbeddingsAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        var json = request.Json!;
        var inputs = json["input"] is System.Text.Json.Nodes.JsonArray array ? array.Select(i => (string)i!).ToList() : [(string)json["input"]!];
        var base64 = (string?)json["encoding_format"] == "base64";
        var data = inputs.Select((text, i) =>
        {
            float[] vector = [text.Length, i + 1, 0.25f];
            object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            return new { @object = "embedding", index = i, embedding };
        });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { @object = "list", data, model = (string?)json["model"], usage = new { prompt_tokens = inputs.Count * 2, total_tokens = inputs.Count * 2 } }));
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(), body);
        _requests.Enqueue(request);
        return request;
    }
}
