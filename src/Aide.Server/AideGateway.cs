using System.Collections.Concurrent;
using Aide.Configuration;
using Aide.Providers;
using Aide.Turns;
using Microsoft.Extensions.AI;

namespace Aide.Server;

/// <summary>
/// The gateway's state: the providers it serves, their models, and one chat pipeline per route (the whole list with
/// failover, or one provider), all run by one <see cref="ChatTurnRunner"/> — the same engine as <c>aide ask</c>.
/// Register it as a singleton and map its endpoints with <see cref="AideGatewayEndpoints.MapAideGateway"/>.
/// </summary>
public sealed class AideGateway : IDisposable
{
    private readonly Func<IReadOnlyList<ProviderSettings>, IChatClient> _createPipeline;
    private readonly Access.AccessKeyStore? _keys;
    private readonly ConcurrentDictionary<(bool Refresh, string Provider), Lazy<(IChatClient Client, ChatTurnRunner Runner)>> _pipelines = new();
    private readonly ConcurrentDictionary<(ProviderSettings, string), Lazy<IEmbeddingGenerator<string, Embedding<float>>>> _embedders = new();

    /// <summary>Creates the gateway.</summary>
    /// <param name="options">The providers, in priority order (at least one).</param>
    /// <param name="createPipeline">Builds Aide's pipeline over a provider list (e.g. <see cref="Pipeline.AideChatClientFactory.Create"/> with the host's services, so breakers and cache are shared).</param>
    /// <param name="probe">Reads each provider's model list.</param>
    /// <param name="timeProvider">The clock (default system).</param>
    public AideGateway(AideGatewayOptions options, Func<IReadOnlyList<ProviderSettings>, IChatClient> createPipeline, ProviderProbe probe, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createPipeline);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfZero(options.Providers.Count);
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _createPipeline = createPipeline;
        Models = new GatewayModels(options, probe, TimeProvider);
    }

    /// <summary>
    /// Gets or sets how a request with <c>X-Aide-Session: NAME</c> opens that stored conversation (one session per
    /// request: turns on one conversation may run at once); <see langword="null"/> when the host keeps no history
    /// (such a request is then refused with 400).
    /// </summary>
    public Func<string, CancellationToken, Task<Conversations.ConversationSession>>? OpenSession { get; init; }

    /// <summary>
    /// Gets or sets how the pipeline for a request with <c>Cache-Control: no-cache</c> is built (the cache asks the
    /// model and replaces its answer); <see langword="null"/>: such requests use the ordinary pipeline.
    /// </summary>
    public Func<IReadOnlyList<ProviderSettings>, IChatClient>? CreateRefreshingPipeline { get; init; }

    /// <summary>
    /// Gets or sets the store every request without <c>X-Aide-Session</c> is kept in, each as a new conversation
    /// (<c>aide serve --history</c>; called when first needed); <see langword="null"/>: such requests leave no trace.
    /// </summary>
    public Func<Conversations.IConversationStore>? RequestHistory { get; init; }

    /// <summary>
    /// Gets or sets how <c>POST /v1/embeddings</c> gets a generator for a provider and embedding model (e.g.
    /// <see cref="ProviderRegistry.CreateEmbeddingGenerator"/> with the response cache in front); each is made once and
    /// kept. <see langword="null"/>: the server makes no embeddings (404).
    /// </summary>
    public Func<ProviderSettings, string, IEmbeddingGenerator<string, Embedding<float>>>? CreateEmbeddingGenerator { get; init; }

    /// <summary>Gets or sets the access keys requests to <c>/v1</c> are checked against; <see langword="null"/>: none (open).</summary>
    public Access.AccessKeyStore? Keys
    {
        get => _keys;
        init
        {
            _keys = value;
            Access = value is null ? null : new Access.AccessControl(value);
        }
    }

    internal Access.AccessControl? Access { get; private init; }

    /// <summary>Gets or sets the health monitor <c>/readyz</c> reports (started by the host); <see langword="null"/>: always ready.</summary>
    public Health.HealthMonitor? Health { get; init; }

    /// <summary>Gets or sets the web dashboard served at <c>/</c> and <c>/api/*</c>; <see langword="null"/>: none (those paths are 404).</summary>
    public Dashboard.AideDashboard? Dashboard { get; init; }

    /// <summary>
    /// Gets the meter that prices every answer, keeps its usage record and holds each access key to its budget (a key
    /// whose budget is spent gets 429 <c>insufficient_quota</c>); <see langword="null"/> measures nothing.
    /// </summary>
    public Usage.UsageMeter? Meter { get; init; }

    /// <summary>Gets what the gateway serves.</summary>
    public AideGatewayOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal GatewayModels Models { get; }

    /// <summary>The runner for a route: one pipeline per provider list, built on first use and kept.</summary>
    internal ChatTurnRunner RunnerFor(GatewayRoute route, bool refresh = false)
    {
        var key = (Refresh: refresh && CreateRefreshingPipeline is not null, Provider: route.Provider?.Name ?? string.Empty);
        return _pipelines.GetOrAdd(key, static (k, state) => state.Gateway.NewPipeline(state.Route, k.Refresh), (Gateway: this, Route: route)).Value.Runner;
    }

    private Lazy<(IChatClient Client, ChatTurnRunner Runner)> NewPipeline(GatewayRoute route, bool refresh) => new(() =>
    {
        IReadOnlyList<ProviderSettings> providers = route.Provider is { } one ? [one] : [.. Options.Providers];
        var client = (refresh ? CreateRefreshingPipeline! : _createPipeline)(providers);
        return (client, new ChatTurnRunner(client, TimeProvider) { Meter = Meter });
    });

    /// <summary>The embedding generator for a provider and model, made on first use and kept.</summary>
    internal IEmbeddingGenerator<string, Embedding<float>> EmbeddingGeneratorFor(ProviderSettings provider, string model) =>
        _embedders.GetOrAdd((provider, model), key => new(() => CreateEmbeddingGenerator!(key.Item1, key.Item2))).Value;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var embedder in _embedders.Values.Where(e => e.IsValueCreated))
        {
            embedder.Value.Dispose();
        }

        foreach (var pipeline in _pipelines.Values.Where(p => p.IsValueCreated))
        {
            pipeline.Value.Client.Dispose();
        }
    }
}
