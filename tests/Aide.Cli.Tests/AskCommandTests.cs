using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>End to end: the real aide executable against a real loopback OpenAI-compatible server.</summary>
public sealed class AskCommandTests : LoopbackTestBase
{
    private const string ApiKey = "sk-test-SECRET-0123456789";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Home.Environment["OPENAI_API_KEY"] = ApiKey;
    }

    [Fact]
    public async Task Prints_the_streamed_answer_and_exits_zero()
    {
        var result = await Ask("What is Aide?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from loopback.\n", result.Stdout);
        var request = Assert.Single(Server.ChatRequests);
        Assert.Equal("What is Aide?", request.LastMessageContent);
        Assert.True(request.Json!["stream"]!.GetValue<bool>());
        Assert.Equal($"Bearer {ApiKey}", request.Authorization);
    }

    [Fact]
    public async Task Json_prints_one_result_with_model_usage_and_latency()
    {
        var result = await Ask("Hi", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("Hello from loopback.", json["text"]!.GetValue<string>());
        Assert.Equal("openai", json["provider"]!.GetValue<string>());
        Assert.Equal(Server.BaseUrl, json["address"]!.GetValue<string>());
        Assert.Equal(Respond.Model, json["model"]!.GetValue<string>());
        Assert.Equal(7, json["usage"]!["inputTokens"]!.GetValue<long>());
        Assert.Equal(3, json["usage"]!["outputTokens"]!.GetValue<long>());
        Assert.True(json["latencyMs"]!.GetValue<double>() > 0);
        Assert.True(json["timeToFirstTokenMs"]!.GetValue<double>() <= json["latencyMs"]!.GetValue<double>());
        Assert.Equal("stop", json["finishReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streams_each_chunk_before_the_next_one_exists()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(Respond.Gated("Alpha", gate.Task, " Omega"));

        await using var aide = AideProcess.Start(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "Stream please"]);
        await aide.WaitForStdoutAsync("Alpha");
        var beforeRelease = aide.StdoutSoFar;
        gate.SetResult();
        var result = await aide.WaitForExitAsync();

        Assert.DoesNotContain("Omega", beforeRelease, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Alpha Omega\n", result.Stdout);
    }

    [Fact]
    public async Task Piped_stdin_becomes_context_before_the_question()
    {
        const string diff = "diff --git a/app.cs b/app.cs\n+var answer = 42;\n";

        var result = await AideProcess.RunWithInputAsync(Home, diff, "ask", "--provider", $"openai={Server.BaseUrl}", "review", "this");

        Assert.Equal(0, result.ExitCode);
        var content = Assert.Single(Server.ChatRequests).LastMessageContent;
        Assert.StartsWith("diff --git a/app.cs b/app.cs\n+var answer = 42;", content, StringComparison.Ordinal);
        Assert.EndsWith("\n\nreview this", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_exits_1_with_a_hint_and_never_shows_the_key()
    {
        Server.Enqueue(Respond.Error(401, $"Incorrect API key provided: {ApiKey}."));

        var result = await Ask("Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rejected the credentials (HTTP 401)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("OPENAI_API_KEY", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limited_request_is_retried_after_Retry_After()
    {
        Server.Enqueue(Respond.Error(429, "slow down", ("Retry-After", "1")), Respond.Answer("after", " waiting"));

        var result = await Ask("Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("after waiting\n", result.Stdout);
        Assert.Equal(2, Server.ChatRequests.Count);
    }

    [Fact]
    public async Task Rate_limit_without_retries_reports_how_long_to_wait()
    {
        Server.Enqueue(Respond.Error(429, "slow down", ("Retry-After", "7")));

        var result = await Ask("Hi", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rate limiting requests (HTTP 429); it asks to retry after 7 s", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.ChatRequests);
    }

    [Fact]
    public async Task Retry_After_longer_than_the_limit_is_reported_not_waited_for()
    {
        Server.Enqueue(Respond.Error(429, "come back in an hour", ("Retry-After", "3600")));

        var result = await Ask("Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("retry after 3600 s", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.ChatRequests);
    }

    [Fact]
    public async Task Server_error_is_reported_with_status_andServer_message()
    {
        Server.Enqueue(Respond.Error(500, "model crashed"));

        var result = await Ask("Hi", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 500", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("model crashed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_error_is_retried_and_the_answer_still_arrives()
    {
        Server.Enqueue(Respond.Error(503, "warming up"), Respond.Answer("recovered"));

        var result = await Ask("Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("recovered\n", result.Stdout);
        Assert.Equal(2, Server.ChatRequests.Count);
    }

    [Fact]
    public async Task Malformed_json_exits_1_as_a_bad_response()
    {
        Server.Enqueue(Respond.MalformedStream());

        var result = await Ask("Hi", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read (malformed JSON)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_dropped_mid_stream_keeps_the_partial_text_and_exits_1()
    {
        var shown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(Respond.DropAfter(shown.Task, "Partial", " answer"));

        await using var aide = AideProcess.Start(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "Hi"]);
        await aide.WaitForStdoutAsync("Partial answer");
        shown.SetResult();
        var result = await aide.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Partial answer\n", result.Stdout);
        Assert.Contains("dropped in the middle of the answer", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.ChatRequests); // text already shown is never replayed by a retry
    }

    [Fact]
    public async Task SlowServer_times_out_with_exit_code_4()
    {
        Server.Enqueue(Respond.Hang());

        var result = await Ask("Hi", "--timeout", "1");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("did not answer within 1 s", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--timeout", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_reports_a_failure_as_one_error_document()
    {
        Server.Enqueue(Respond.Error(500, "boom"));

        var result = await Ask("Hi", "--json", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        var error = JsonNode.Parse(result.Stdout)!["error"]!;
        Assert.Equal("serverError", error["kind"]!.GetValue<string>());
        Assert.Equal(500, error["status"]!.GetValue<int>());
        Assert.Equal(1, error["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_model_is_reported_as_not_found()
    {
        Server.Enqueue(Respond.Error(404, "The model `nope` does not exist"));

        var result = await Ask("Hi", "--model", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the model 'nope' or the endpoint does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("nope", Server.ChatRequests[0].Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unreachable_provider_exits_1_with_a_connect_error()
    {
        var result = await AideProcess.RunAsync(Home, "ask", "--provider", "openai=http://127.0.0.1:1/v1", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot connect to openai=http://127.0.0.1:1/v1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("connection refused", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_from_the_environment_is_used_without_flags()
    {
        Home.Environment["OPENAI_BASE_URL"] = Server.BaseUrl;

        var result = await AideProcess.RunAsync(Home, "ask", "Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from loopback.\n", result.Stdout);
    }

    private Task<AideResult> Ask(params string[] args) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", .. args]);
}
