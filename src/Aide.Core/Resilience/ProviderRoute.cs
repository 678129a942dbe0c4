using Microsoft.Extensions.AI;

namespace Aide.Resilience;

/// <summary>One entry of the failover list: a provider's name and its own pipeline (retries → breaker → timeout → provider), built on first use.</summary>
internal sealed class ProviderRoute(string name, Func<IChatClient> connect) : IDisposable
{
    private readonly Lazy<IChatClient> _client = new(connect);

    public string Name { get; } = name;

    /// <summary>Gets the pipeline; building it can fail (e.g. a provider kind missing from this build), which counts as a failure of this route.</summary>
    public IChatClient Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
