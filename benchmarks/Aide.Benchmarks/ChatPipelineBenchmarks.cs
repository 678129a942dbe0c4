using Aide.Configuration;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Aide.Benchmarks;

/// <summary>What Aide's chat pipeline (options, retries, timeout, telemetry) adds to one turn, against the bare provider.</summary>
[MemoryDiagnoser]
public class ChatPipelineBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Hi")];
    private IChatClient _bare = null!;
    private IChatClient _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new InMemoryChatClient();
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "m");
        _pipeline = AideChatClientFactory.Build([provider], _ => new InMemoryChatClient(), new ProviderOptions { Providers = [provider] }, new ResilienceOptions(), services: null);
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare_provider_response() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> Aide_pipeline_response() => _pipeline.GetResponseAsync(_messages);

    [Benchmark]
    public async Task<int> Bare_provider_stream()
    {
        var count = 0;
        await foreach (var update in _bare.GetStreamingResponseAsync(_messages))
        {
            count += update.Text.Length;
        }

        return count;
    }

    [Benchmark]
    public async Task<int> Aide_pipeline_stream()
    {
        var count = 0;
        await foreach (var update in _pipeline.GetStreamingResponseAsync(_messages))
        {
            count += update.Text.Length;
        }

        return count;
    }
}
