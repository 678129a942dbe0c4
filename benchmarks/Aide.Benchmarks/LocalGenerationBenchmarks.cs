using Aide.Configuration;
using Aide.Models;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Providers.Local;
using Aide.Testing;
using BenchmarkDotNet.Attributes;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 8: local generation through Aide's whole pipeline (events, telemetry, failover, retries, breaker, timeout,
/// LLamaSharp's IChatClient adapter) against calling LLamaSharp directly on the same model and context: the same
/// templated prompt evaluated from scratch, the same tokens sampled and decoded (at most <see cref="MaxTokens"/>).
/// Target: within 5 %. <see cref="Model"/>: <c>tiny</c> is the 1.4 MB test model (a token costs ~0.4 ms, so any
/// per-chunk cost shows); <c>heavy</c> is the same model with 16 wider blocks of zero weights (same answer, ~245 MB,
/// a per-token cost like a small real model's on this CPU). <c>AIDE_BENCH_MODEL=/path/model.gguf</c> replaces both.
/// </summary>
[MemoryDiagnoser]
public class LocalGenerationBenchmarks
{
    private const int MaxTokens = 64;
    private static readonly List<ChatMessage> Messages = [new(ChatRole.User, "Say the alphabet")];
    private static readonly ChatOptions Options = new() { MaxOutputTokens = MaxTokens };

    private string _directory = null!;
    private ProviderRegistry _registry = null!;
    private IChatClient _aide = null!;
    private LocalModel _model = null!;
    private string _prompt = null!;

    /// <summary>Gets or sets which synthetic model to generate with.</summary>
    [Params("tiny", "heavy")]
    public string Model { get; set; } = "tiny";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("aide-bench-").FullName;
        var path = Environment.GetEnvironmentVariable("AIDE_BENCH_MODEL") is { Length: > 0 } model
            ? model
            : Model == "heavy"
                ? TinyLlamaModel.Write(Path.Combine(_directory, "heavy.gguf"), layers: 16, feedForward: 4096)
                : TinyLlamaModel.Write(Path.Combine(_directory, "tiny.gguf"));
        _registry = new ProviderRegistry();
        LocalModelProvider.Register(_registry, new ModelStore(_directory), new LocalModelOptions { Threads = 1 });
        _aide = AideChatClientFactory.Create(new ProviderOptions { Providers = [new ProviderSettings(ProviderKind.Local, path)] }, services: new Services(_registry));
        _ = Aide().GetAwaiter().GetResult(); // loads the model into the provider's cache
        _model = LocalModel.Load(path, new LocalModelOptions { Threads = 1 }, NullLoggerFactory.Instance);

        // The baseline formats the prompt with the model's own template through LLamaSharp, as Aide does.
        var template = new LLamaTemplate(_model.Weights) { AddAssistant = true };
        template.Add("user", "Say the alphabet");
        _prompt = System.Text.Encoding.UTF8.GetString(template.Apply());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aide.Dispose();
        _registry.Dispose();
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>LLamaSharp alone: tokenize, decode the prompt, sample and decode until end of sequence.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> LLamaSharp_direct()
    {
        var context = _model.Context;
        context.NativeHandle.MemoryClear(true);
        var tokens = context.Tokenize(_prompt, addBos: true, special: true);
        var batch = new LLamaBatch();
        batch.AddRange(tokens, 0, LLamaSeqId.Zero, true);
        await context.DecodeAsync(batch);
        using var sampler = new DefaultSamplingPipeline();
        var decoder = new StreamingTokenDecoder(context);
        var position = tokens.Length;
        var characters = 0;
        for (var generated = 0; generated < MaxTokens; generated++)
        {
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(context.Vocab))
            {
                return characters;
            }

            decoder.Add(token);
            characters += decoder.Read().Length;
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, true);
            await context.DecodeAsync(batch);
        }

        return characters;
    }

    /// <summary>The same generation streamed through Aide's pipeline; the KV cache is emptied first so both evaluate the whole prompt.</summary>
    [Benchmark]
    public Task<int> Aide_pipeline() => Aide();

    private async Task<int> Aide()
    {
        ResetAideCache();
        var characters = 0;
        await foreach (var update in _aide.GetStreamingResponseAsync(Messages, Options))
        {
            characters += update.Text.Length;
        }

        return characters;
    }

    private void ResetAideCache()
    {
        if (_registry.IsLoaded(ProviderKind.Local))
        {
            ((LocalChatProvider)_registry.Resolve(ProviderKind.Local)).ResetAll();
        }
    }

    private sealed class Services(ProviderRegistry registry) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ProviderRegistry) ? registry : null;
    }
}
