using Aide.Caching;
using Aide.Cli.Configuration;
using Aide.Cli.Logging;
using Aide.Configuration;
using Aide.Conversations.Tokens;
using Aide.Events;
using Aide.Events.Journal;
using Aide.Models;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Providers.Local;
using Aide.Providers.Ollama;
using Aide.Providers.OpenAI;
using Aide.Resilience;
using Aide.Usage;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// What a chatting command owns for its lifetime: the event bus, the journal writing it to the data folder, and
/// the services the pipeline reads. Disposing drains the bus, so every event of the run reaches the journal.
/// </summary>
internal sealed class ChatRuntime : IAsyncDisposable
{
    private readonly PipelineServices _services;
    private readonly EventJournal? _journal;
    private readonly StderrLoggerFactory _loggerFactory;
    private readonly Lazy<TokenCountMemo>? _tokenMemo;

    /// <param name="console">Where warnings go, and the environment that locates the folders.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="cacheMode">How the pipeline uses the response cache.</param>
    /// <param name="savesTurns">
    /// Whether the run saves chat turns (ask, chat): their token counts are then needed at once, so the count memo
    /// starts opening now, beside the rest of the start-up, instead of on the first count.
    /// </param>
    public ChatRuntime(CliConsole console, AideSettings settings, ChatCacheMode cacheMode = ChatCacheMode.Off, bool savesTurns = false)
    {
        Settings = settings;
        _loggerFactory = new StderrLoggerFactory(console);
        Bus = AideEventBus.Create(loggerFactory: _loggerFactory);
        if (settings.Journal)
        {
            _journal = EventJournal.Attach(Bus, JournalDirectory(console), loggerFactory: _loggerFactory);
        }

        if (settings.Cache)
        {
            var memoPath = Path.Combine(AidePaths.Resolve(console.Environment).CacheDirectory, "token-counts.db");
            _tokenMemo = new Lazy<TokenCountMemo>(() => TokenCountMemo.Open(memoPath, _loggerFactory.CreateLogger("Aide.Conversations"), CliHost.Opener));
            // Opened before the cache: a saved turn counts its question's tokens before it looks in the cache.
            if (savesTurns && settings.History)
            {
                _ = _tokenMemo.Value;
            }
        }

        var cacheOptions = new ChatCacheOptions { Mode = settings.Cache ? cacheMode : ChatCacheMode.Off, CacheSampled = settings.CacheSampled };
        if (cacheOptions.Mode != ChatCacheMode.Off)
        {
            Cache = OpenCache(console, settings, Bus, _loggerFactory);
        }

        Circuits = new ProviderCircuits(settings.ToResilienceOptions().Breaker, Bus);
        Providers = CreateRegistry(console, _loggerFactory, settings);

        _services = new PipelineServices(Bus, Cache is null ? null : new ResponseCacheLayer(Cache, cacheOptions), Circuits, Providers);
    }

    public AideSettings Settings { get; }

    public IEventBus Bus { get; }

    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>Gets the response cache, or <see langword="null"/> when caching is off for this run.</summary>
    public ResponseCache? Cache { get; }

    /// <summary>Opens the response cache in the cache folder with the configured bounds (its disk tier turns itself off, with a warning, if it cannot be used).</summary>
    public static ResponseCache OpenCache(CliConsole console, AideSettings settings, IEventBus? bus, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) =>
        ResponseCache.Create(
            new ResponseCacheOptions
            {
                Directory = AidePaths.Resolve(console.Environment).CacheDirectory,
                DefaultTimeToLive = settings.CacheTimeToLive,
                DiskMaxBytes = settings.CacheSize,
                Policy = settings.CachePolicy,
                Codec = settings.CacheCodec,
                Opener = CliHost.Opener,
            },
            bus,
            loggerFactory: loggerFactory);

    public static string JournalDirectory(CliConsole console) => Path.Combine(AidePaths.Resolve(console.Environment).DataDirectory, "events");

    /// <summary>Gets the provider kinds this run can use: the HTTP ones and local models (loaded on first use only).</summary>
    public ProviderRegistry Providers { get; }

    /// <summary>
    /// The built-in providers plus local GGUF models from the data folder's models/. <c>contextTokens</c>, when set, is
    /// also the context local models run with, so the window and the model agree on it.
    /// </summary>
    public static ProviderRegistry CreateRegistry(CliConsole console, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, AideSettings? settings = null)
    {
        settings ??= new AideSettings();
        var registry = new ProviderRegistry().AddOpenAI().AddOllama();
        var options = new LocalModelOptions { ContextSize = settings.ContextTokens, Template = settings.Template, MaxQueuedRequests = settings.LocalQueue };
        LocalModelProvider.Register(registry, new ModelStore(AidePaths.Resolve(console.Environment).ModelsDirectory), options, loggerFactory);
        return registry;
    }

    /// <summary>
    /// The token counter for a model, remembering counts in the cache folder (when caching is on) so a repeated
    /// question does not load the tokenizer; <see langword="null"/> lets the session pick the plain counter.
    /// </summary>
    public ITokenCounter? TokenCounterFor(string? model) =>
        _tokenMemo is null ? null : _tokenMemo.Value.Remembering(TokenCounters.ForModel(model));

    /// <summary>Gets the circuit breakers of this run, one per provider, shared by the chat pipeline and health checks.</summary>
    public ProviderCircuits Circuits { get; }

    /// <summary>
    /// Gets a value indicating whether the pipeline includes Microsoft.Extensions.AI's OpenTelemetry layer (gen_ai spans
    /// and metrics). The native build has no EventSource, so no tool outside the process (dotnet-trace, dotnet-counters)
    /// can attach (the switch below is false there), and the CLI registers no listener inside it: the layer's spans and
    /// metrics could never be seen, and building it (its meter, histograms and activity source) cost a cached
    /// <c>aide ask</c> ~0.4 ms of its main thread. The JIT build (<c>dotnet run</c>, <c>dotnet aide.dll</c>) keeps it
    /// for those tools.
    /// </summary>
    internal static bool TelemetryObservable =>
        !AppContext.TryGetSwitch("System.Diagnostics.Tracing.EventSource.IsSupported", out var supported) || supported;

    /// <summary>
    /// The meter for this run's turns: the configured prices, the history store as ledger (when history is on), and the
    /// owner's budget (turns with an access key are the gateway's, held to that key's budget by <paramref name="keyBudgets"/>).
    /// </summary>
    public UsageMeter CreateMeter(IUsageLedger? ledger, Func<string, UsageBudget?>? keyBudgets = null) =>
        new(Settings.Prices, ledger, Bus, logger: _loggerFactory.CreateLogger("Aide.Usage"))
        {
            Budgets = Settings.Budget is null && keyBudgets is null ? null : caller => caller is null ? Settings.Budget : keyBudgets?.Invoke(caller),
            TokenCounterFor = TokenCounterFor,
        };

    /// <summary>Creates the pipeline over the providers, in priority order.</summary>
    public IChatClient CreateClient(IReadOnlyList<ProviderSettings> providers) =>
        AideChatClientFactory.Create(Settings.ToProviderOptions(providers, TelemetryObservable), Settings.ToResilienceOptions(), _services);

    /// <summary>Creates the pipeline with the cache in refresh mode (asks the model, replaces the cached answer): the server's <c>Cache-Control: no-cache</c>.</summary>
    public IChatClient CreateRefreshingClient(IReadOnlyList<ProviderSettings> providers)
    {
        var services = Cache is null ? _services : new PipelineServices(Bus, new ResponseCacheLayer(Cache, new ChatCacheOptions { Mode = ChatCacheMode.Refresh, CacheSampled = Settings.CacheSampled }), Circuits, Providers);
        return AideChatClientFactory.Create(Settings.ToProviderOptions(providers, TelemetryObservable), Settings.ToResilienceOptions(), services);
    }

    /// <summary>An embedding generator for a provider and model, with the response cache in front when caching is on.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model)
    {
        var generator = Providers.CreateEmbeddingGenerator(provider, model, Settings.ToProviderOptions([provider], TelemetryObservable));
        return Cache is null ? generator : generator.WithResponseCache(Cache, provider.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Cache?.Dispose();
        Providers.Dispose();
        if (_tokenMemo?.IsValueCreated == true)
        {
            _tokenMemo.Value.Dispose();
        }

        await Bus.DisposeAsync();
        _journal?.Dispose();
        _loggerFactory.Dispose();
    }
}
