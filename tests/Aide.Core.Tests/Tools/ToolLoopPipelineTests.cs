using Aide.Caching;
using Aide.Chat;
using Aide.Configuration;
using Aide.Core.Tests.Caching;
using Aide.Events;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Aide.Tools;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Tools;

/// <summary>The tool loop in Aide's pipeline: each round through events and failover, and what the cache may replay.</summary>
public sealed class ToolLoopPipelineTests : IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly CacheFixture _fixture = new();
    private readonly TestChatClient _provider = new();
    private int _reads;
    private int _writes;

    public ToolLoopPipelineTests()
    {
        // A model that asks for the tool named in the question until it has a tool result, then answers.
        _provider.GetResponseAsyncCallback = (messages, _, _) =>
        {
            var list = messages.ToList();
            return Task.FromResult(list[^1].Role == ChatRole.Tool
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer after " + list[^1].Contents.OfType<FunctionResultContent>().Single().Result)) { FinishReason = ChatFinishReason.Stop }
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + list.Count, list[^1].Text)])) { FinishReason = ChatFinishReason.ToolCalls });
        };
        _provider.GetStreamingResponseAsyncCallback = (messages, options, ct) => Stream(messages, options, ct);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_loop_that_only_read_is_answered_again_from_the_cache_without_the_model_or_the_tool(bool streamed)
    {
        using var client = Pipeline();

        var first = await Ask(client, "read", streamed);
        var second = await Ask(client, "read", streamed);

        Assert.Equal("answer after read 1", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal((2, 1), (_provider.Calls, _reads));
        Assert.True(ResponseCacheMarker.IsFromCache(second.AdditionalProperties) || second.Messages.Any(m => ResponseCacheMarker.IsFromCache(m.AdditionalProperties)));

        // Each round of the first loop went through the events layer, and so did the replay.
        Assert.Equal(3, _fixture.EventsOf<ChatRequestStarted>().Count());
        Assert.Single(_fixture.EventsOf<CacheHit>());
    }

    [Fact]
    public async Task A_loop_that_called_a_tool_that_may_write_is_never_replayed()
    {
        using var client = Pipeline();

        await Ask(client, "write", streamed: false);
        await Ask(client, "write", streamed: false);

        Assert.Equal((4, 2), (_provider.Calls, _writes));
    }

    [Fact]
    public async Task The_loop_is_bounded_and_its_last_round_offers_no_tools()
    {
        var offered = new List<bool>();
        _provider.GetResponseAsyncCallback = (messages, options, _) =>
        {
            offered.Add(options?.Tools is { Count: > 0 } && options.ToolMode is not NoneChatToolMode);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + offered.Count, "read")])) { FinishReason = ChatFinishReason.ToolCalls });
        };
        using var client = Pipeline(maxRounds: 3);

        await Ask(client, "read", streamed: false);

        Assert.Equal([true, true, true, false], offered);
        Assert.Equal(3, _reads);
    }

    public void Dispose() => _fixture.Dispose();

    private async Task<ChatResponse> Ask(IChatClient client, string tool, bool streamed)
    {
        var options = new ChatOptions { Tools = Tools() };
        return streamed
            ? await client.GetStreamingResponseAsync(tool, options, Token).ToChatResponseAsync(Token)
            : await client.GetResponseAsync(tool, options, Token);
    }

    private List<AITool> Tools()
    {
        var guard = new ToolGuard(new ToolGuardOptions { ApproveAll = true, Events = _fixture.Bus });
        return
        [
            guard.Guard(AIFunctionFactory.Create(() => "read " + Interlocked.Increment(ref _reads), "read"), "builtin", readOnly: true),
            guard.Guard(AIFunctionFactory.Create(() => "wrote " + Interlocked.Increment(ref _writes), "write"), "builtin", readOnly: false),
        ];
    }

    private IChatClient Pipeline(int maxRounds = 8)
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "test-model");
        return AideChatClientFactory.Build(
            [provider],
            _ => _provider,
            new ProviderOptions { Providers = [provider], MaxToolRounds = maxRounds },
            new ResilienceOptions { Retries = 0 },
            new TestServices(_fixture.Bus, new ResponseCacheLayer(_fixture.Open(), new ChatCacheOptions())));
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Stream(IEnumerable<ChatMessage> messages, ChatOptions? options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await _provider.GetResponseAsyncCallback!(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }
}
