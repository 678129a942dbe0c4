using System.Text.Json;
using Aide.Cli.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests;

/// <summary>End to end: a server that refuses a conversation as longer than its context gets the turn again, smaller.</summary>
public sealed class ContextOverflowTests : LoopbackTestBase
{
    public static TheoryData<string> Refusals => new()
    {
        "llama.cpp",
        "openai",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_window_is_sent_again_with_only_the_newest_turns_that_fit(string server)
    {
        await Ask("first");
        await Ask("second");
        Server.Enqueue(server == "llama.cpp" ? LlamaCppRefusal(promptTokens: 45, contextTokens: 30) : OpenAIRefusal(promptTokens: 45, contextTokens: 30), Respond.Answer("Fitted."));

        var result = await Ask("third", "--json");
        var shown = await AideProcess.RunAsync(Home, "history", "show", "s");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Fitted.", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("text").GetString());
        var (refused, retried) = (Server.ChatRequests[^2], Server.ChatRequests[^1]);
        Assert.Equal(5, refused.Json!["messages"]!.AsArray().Count);
        Assert.InRange(retried.Json!["messages"]!.AsArray().Count, 1, 4);
        Assert.Equal("third", retried.LastMessageContent);
        Assert.Contains("Fitted.", shown.Stdout, StringComparison.Ordinal); // the turn is saved whole
        Assert.Contains("first", shown.Stdout, StringComparison.Ordinal); // and nothing of the history was lost
    }

    [Fact]
    public async Task Chat_refits_a_refused_turn_and_goes_on()
    {
        Server.Enqueue(Respond.Answer("One."), Respond.Answer("Two."), LlamaCppRefusal(promptTokens: 45, contextTokens: 30), Respond.Answer("Three."));

        var result = await AideProcess.RunWithInputAsync(Home, "first\nsecond\nthird\n", "chat", "--provider", $"openai={Server.BaseUrl}", "--session", "c");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Three.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, Server.ChatRequests.Count);
        Assert.True(Server.ChatRequests[3].Json!["messages"]!.AsArray().Count < Server.ChatRequests[2].Json!["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Chat_with_history_off_sends_only_the_newest_turns_that_fit_the_window()
    {
        Home.Environment["AIDE_HISTORY"] = "false";
        Home.Environment["AIDE_CONTEXT_TOKENS"] = "256"; // 192 for the conversation, 64 kept for the reply
        var filler = string.Join(' ', Enumerable.Repeat("word", 10));
        var input = string.Concat(Enumerable.Range(1, 12).Select(i => $"{filler} question number {i}\n"));

        var result = await AideProcess.RunWithInputAsync(Home, input, "chat", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(12, Server.ChatRequests.Count);
        var counts = Server.ChatRequests.Select(r => r.Json!["messages"]!.AsArray().Count).ToList();
        Assert.Equal([1, 3, 5], counts[..3]); // everything while it fits
        Assert.InRange(counts[^1], 1, 21); // then not the whole list of 23
        Assert.Equal($"{filler} question number 12", Server.ChatRequests[^1].LastMessageContent);
    }

    [Fact]
    public async Task A_refusal_without_sizes_is_reported_as_before_and_not_retried()
    {
        Server.Enqueue(Respond.Error(400, "Invalid request."));

        var result = await Ask("hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(Server.ChatRequests);
        Assert.Contains("rejected the request (HTTP 400)", result.Stderr, StringComparison.Ordinal);
    }

    private Task<AideResult> Ask(string question, params string[] extra) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--session", "s", .. extra, question]);

    // What llama.cpp's server answers (tools/server: exceed_context_size_error).
    private static Responder LlamaCppRefusal(int promptTokens, int contextTokens) => (context, _) => Write(context, new
    {
        error = new { code = 400, message = "the request exceeds the available context size, try increasing it", type = "exceed_context_size_error", n_prompt_tokens = promptTokens, n_ctx = contextTokens },
    });

    // What OpenAI answers (context_length_exceeded); vLLM words it the same way.
    private static Responder OpenAIRefusal(int promptTokens, int contextTokens) => (context, _) => Write(context, new
    {
        error = new
        {
            message = $"This model's maximum context length is {contextTokens} tokens. However, your messages resulted in {promptTokens} tokens. Please reduce the length of the messages.",
            type = "invalid_request_error",
            param = "messages",
            code = "context_length_exceeded",
        },
    });

    private static async Task Write(HttpContext context, object body)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
