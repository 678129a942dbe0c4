using System.Collections.Concurrent;
using Aide.Configuration;
using Aide.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>
/// The loaded local provider: creating it loads the llama.cpp runtime (what the registry defers until first use);
/// it then loads each model file once and hands out clients over it.
/// </summary>
internal sealed class LocalChatProvider : IChatProvider, IEmbeddingProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LocalModel>> _models = new(StringComparer.Ordinal);
    private readonly ModelStore _store;
    private readonly LocalModelOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    public LocalChatProvider(ModelStore store, LocalModelOptions options, ILoggerFactory loggerFactory)
    {
        _store = store;
        _options = options;
        _loggerFactory = loggerFactory;
        NativeRuntime.EnsureLoaded(loggerFactory.CreateLogger("Aide.Providers.Local"));
    }

    public IChatClient CreateClient(ProviderSettings provider, ProviderOptions options) => new LocalChatClient(Load(LocalModelProvider.FindModel(provider, _store)));

    /// <summary>Embeddings from a pulled model named <paramref name="model"/> (else the provider's own), in-process.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model, ProviderOptions options) =>
        new LocalEmbeddingGenerator(Load(_store.Find(model) ?? LocalModelProvider.FindModel(provider, _store)));

    private LocalModel Load(string path)
    {
        var model = _models.GetOrAdd(path, p => new Lazy<LocalModel>(() => LocalModel.Load(p, _options, _loggerFactory)));
        try
        {
            return model.Value;
        }
        catch
        {
            // A failed load is not cached: the next attempt (e.g. after freeing memory) tries again.
            _models.TryRemove(new KeyValuePair<string, Lazy<LocalModel>>(path, model));
            throw;
        }
    }

    /// <summary>Empties every loaded model's KV cache (benchmarks compare whole-prompt evaluations).</summary>
    internal void ResetAll()
    {
        foreach (var model in _models.Values)
        {
            if (model.IsValueCreated)
            {
                model.Value.Executor.Reset();
            }
        }
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            if (model.IsValueCreated)
            {
                model.Value.Dispose();
            }
        }

        _models.Clear();
    }
}
