using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aide.Providers.Http;
using Aide.Providers.OpenAI;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Providers;

/// <summary>
/// The OpenAI-compatible chat client's wire format: what it sends and how it reads whole and streamed answers,
/// tool calls included. The HTTP exchange is recorded under the same <see cref="ReplyGuardHandler"/> the provider uses.
/// </summary>
public sealed class OpenAICompatibleChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_carries_the_messages_options_and_tools_as_OpenAI_reads_them()
    {
        var server = new RecordingHandler(_ => Json("""{"id":"c1","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}"""));
        using var client = Client(server, "http://127.0.0.1:9/v1?tenant=a", apiKey: "sk-test");
        var tool = AIFunctionFactory.CreateDeclaration("weather", "The weather in a city.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Weather in Oslo?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "weather", new Dictionary<string, object?> { ["city"] = "Oslo" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "rain")]),
        ];
        var options = new ChatOptions
        {
            Temperature = 0.7f, TopP = 0.9f, MaxOutputTokens = 64, Seed = 42, StopSequences = ["END"],
            Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("weather"),
        };

        await client.GetResponseAsync(messages, options, Ct);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("http://127.0.0.1:9/v1/chat/completions?tenant=a", sent.Uri);
        Assert.Equal("Bearer sk-test", sent.Authorization);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("gpt-test", (string?)body["model"]);
        Assert.Equal(0.7, (double)body["temperature"]!);
        Assert.Equal(0.9, (double)body["top_p"]!);
        Assert.Equal(64, (int)body["max_completion_tokens"]!);
        Assert.Equal(42, (long)body["seed"]!);
        Assert.Equal("END", (string?)body["stop"]![0]);
        Assert.Null(body["stream"]);
        Assert.Equal("weather", (string?)body["tools"]![0]!["function"]!["name"]);
        Assert.Equal("string", (string?)body["tools"]![0]!["function"]!["parameters"]!["properties"]!["city"]!["type"]);
        Assert.Equal("weather", (string?)body["tool_choice"]!["function"]!["name"]);
        var wire = body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], wire.Select(m => (string?)m!["role"]));
        Assert.Equal("Weather in Oslo?", (string?)wire[1]!["content"]);
        Assert.Equal("call_1", (string?)wire[2]!["tool_calls"]![0]!["id"]);
        Assert.Equal("Oslo", (string?)JsonNode.Parse((string)wire[2]!["tool_calls"]![0]!["function"]!["arguments"]!)!["city"]);
        Assert.Equal("call_1", (string?)wire[3]!["tool_call_id"]);
        Assert.Equal("rain", (string?)wire[3]!["content"]);
    }

    [Fact]
    public async Task A_server_that_needs_no_key_gets_no_authorization_header_and_a_stream_asks_for_usage()
    {
        var server = new RecordingHandler(_ => Events("""{"id":"c1","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}"""));
        using var client = Client(server, "http://127.0.0.1:9/v1/", apiKey: null);

        await foreach (var _ in client.GetStreamingResponseAsync("hello", cancellationToken: Ct))
        {
        }

        var sent = Assert.Single(server.Requests);
        Assert.Null(sent.Authorization);
        Assert.Equal("http://127.0.0.1:9/v1/chat/completions", sent.Uri);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.True((bool)body["stream"]!);
        Assert.True((bool)body["stream_options"]!["include_usage"]!);
    }

    [Fact]
    public async Task A_whole_answer_is_read_with_its_id_model_finish_reason_usage_and_tool_calls()
    {
        var server = new RecordingHandler(_ => Json("""
            {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024","system_fingerprint":"fp",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":"tool_calls","logprobs":null}],
             "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25,"prompt_tokens_details":{"cached_tokens":16},"completion_tokens_details":{"reasoning_tokens":2}}}
            """));
        using var client = Client(server);

        var response = await client.GetResponseAsync("Weather?", cancellationToken: Ct);

        Assert.Equal("chatcmpl-9", response.ResponseId);
        Assert.Equal("gpt-4o-2024", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal((20, 5, 25, 16, 2), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.CachedInputTokenCount, response.Usage.ReasoningTokenCount));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal(("call_7", "weather"), (call.CallId, call.Name));
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
    }

    [Fact]
    public async Task A_stream_yields_text_as_it_comes_then_the_tool_calls_put_together_and_the_usage()
    {
        var server = new RecordingHandler(_ => Events(
            """{"id":"c2","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Let me "},"finish_reason":null}]}""",
            """{"id":"c2","model":"m","choices":[{"index":0,"delta":{"content":"check."},"finish_reason":null}]}""",
            """{"id":"c2","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"ci"}}]},"finish_reason":null}]}""",
            """{"id":"c2","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]},"finish_reason":"tool_calls"}]}""",
            """{"id":"c2","model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}"""));
        using var client = Client(server);

        List<ChatResponseUpdate> updates = [];
        await foreach (var update in client.GetStreamingResponseAsync("Weather?", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Let me check.", response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(13, response.Usage!.TotalTokenCount);
        Assert.Equal("c2", response.ResponseId);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
    }

    [Fact]
    public async Task A_tool_loop_runs_through_the_client_and_sends_the_result_back()
    {
        var server = new RecordingHandler(request => request.Body.Contains("\"tool\"", StringComparison.Ordinal)
            ? Json("""{"id":"c4","choices":[{"index":0,"message":{"role":"assistant","content":"It rains in Oslo."},"finish_reason":"stop"}]}""")
            : Json("""{"id":"c3","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":"tool_calls"}]}"""));
        var asked = new List<string>();
        var weather = AIFunctionFactory.Create((string city) => { asked.Add(city); return "rain"; }, "weather", "The weather in a city.");
        using var client = new ChatClientBuilder(Client(server)).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("Weather in Oslo?", new ChatOptions { Tools = [weather] }, Ct);

        Assert.Equal("It rains in Oslo.", response.Text);
        Assert.Equal(["Oslo"], asked);
        var second = JsonNode.Parse(server.Requests[1].Body)!["messages"]!.AsArray();
        Assert.Equal("rain", (string?)second[^1]!["content"]);
    }

    [Fact]
    public async Task An_error_sent_inside_a_started_stream_is_an_error_not_a_short_answer()
    {
        var server = new RecordingHandler(_ => Events(
            """{"id":"c5","choices":[{"index":0,"delta":{"content":"Half"},"finish_reason":null}]}""",
            """{"error":{"message":"the model crashed","type":"server_error"}}"""));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: Ct))
            {
            }
        });

        Assert.Contains("the model crashed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_with_only_spaces_or_comments_between_chunks_are_skipped()
    {
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                ": keep-alive\n\ndata:  \n\ndata: {\"id\":\"c7\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"still \"},\"finish_reason\":null}]}\r\n\r\n"
                + "data: {\"id\":\"c7\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"here\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
                Encoding.UTF8,
                "text/event-stream"),
        });
        using var client = Client(server);

        List<ChatResponseUpdate> updates = [];
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Equal("still here", updates.ToChatResponse().Text);
        Assert.Equal(2, updates.Count);
    }

    [Fact]
    public async Task Text_and_an_image_go_as_content_parts()
    {
        var server = new RecordingHandler(_ => Json("""{"id":"c6","choices":[{"index":0,"message":{"content":"a cat"},"finish_reason":"stop"}]}"""));
        using var client = Client(server);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])], cancellationToken: Ct);

        var content = JsonNode.Parse(server.Requests[0].Body)!["messages"]![0]!["content"]!.AsArray();
        Assert.Equal("What is this?", (string?)content[0]!["text"]);
        Assert.Equal("data:image/png;base64,AQID", (string?)content[1]!["image_url"]!["url"]);
    }

    private static OpenAICompatibleChatClient Client(RecordingHandler server, string address = "http://127.0.0.1:9/v1", string? apiKey = "sk-test") =>
        new(new HttpClient(new ReplyGuardHandler("openai=test", 1 << 20, openAICompatible: true) { InnerHandler = server }), new Uri(address), apiKey, "gpt-test");

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Events(params string[] chunks) =>
        new(HttpStatusCode.OK) { Content = new StringContent(string.Concat(chunks.Select(c => $"data: {c}\n\n")) + "data: [DONE]\n\n", Encoding.UTF8, "text/event-stream") };

    private sealed record Sent(string Uri, string? Authorization, string Body);

    /// <summary>Stands for the server at the end of the HTTP handlers: records each request, answers from <c>answer</c>.</summary>
    private sealed class RecordingHandler(Func<Sent, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = new Sent(request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), await request.Content!.ReadAsStringAsync(cancellationToken));
            Requests.Add(sent);
            return answer(sent);
        }
    }
}
