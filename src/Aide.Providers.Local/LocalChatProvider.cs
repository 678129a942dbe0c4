using System.Collections.Concurrent;
using Aide.Configuration;
using Aide.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>The loaded local provider: loads each model file once and hands out clients over it.</summary>
internal sealed class LocalChatProvider(ModelStore store, LocalModelOptions options, ILoggerFactory loggerFactory) : IChatProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LocalModel>> _models = new(StringComparer.Ordinal);

    public IChatClient CreateClient(ProviderSettings provider, TimeSpan timeout)
    {
        var path = LocalModelProvider.FindModel(provider, store);
        var model = _models.GetOrAdd(path, p => new Lazy<LocalModel>(() => LocalModel.Load(p, options, loggerFactory)));
        try
        {
            return new LocalChatClient(model.Value);
        }
        catch
        {
            // A failed load is not cached: the next attempt (e.g. after freeing memory) tries again.
            _models.TryRemove(new KeyValuePair<string, Lazy<LocalModel>>(path, model));
            throw;
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
