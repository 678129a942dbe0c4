using Aide.Configuration;
using Aide.Providers;
using Aide.Resilience;

namespace Aide.Cli.Configuration;

/// <summary>Aide's effective configuration after all layers (defaults, config file, environment, flags) are applied.</summary>
internal sealed class AideSettings
{
    /// <summary>Gets the providers in priority order; empty means "auto-detect".</summary>
    public IReadOnlyList<ProviderSettings> Providers { get; init; } = [];

    /// <summary>Gets the model from the <c>model</c> key (config file default, or environment/flag override), if set.</summary>
    public string? Model { get; init; }

    /// <summary>Gets how long to wait for the provider to start answering, and between streamed chunks.</summary>
    public TimeSpan Timeout { get; init; } = AideDefaults.Timeout;

    /// <summary>Gets how many times a transient failure is retried.</summary>
    public int Retries { get; init; } = AideDefaults.Retries;

    /// <summary>Gets the system prompt sent first in every conversation, if any.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Gets the sampling temperature, or <see langword="null"/> for the provider's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>Gets the cap on generated tokens, or <see langword="null"/> for the provider's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets a value indicating whether events are appended to the journal in the data folder (default true).</summary>
    public bool Journal { get; init; } = true;

    /// <summary>Gets a value indicating whether conversations are saved to the data folder (default true).</summary>
    public bool History { get; init; } = true;

    /// <summary>Gets a value indicating whether turns that no longer fit the window are summarized by the model (default false: they are left out).</summary>
    public bool Summarize { get; init; }

    /// <summary>Gets the model's context window in tokens, or <see langword="null"/> to use the model family's known size.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Gets the tokens kept free for the reply, or <see langword="null"/> for <see cref="MaxOutputTokens"/> (else 1024).</summary>
    public int? ReplyTokens { get; init; }

    /// <summary>Gets a value indicating whether answers are cached and repeated questions answered from the cache (default true).</summary>
    public bool Cache { get; init; } = true;

    /// <summary>Gets how long a cached answer lives (default 7 days).</summary>
    public TimeSpan CacheTimeToLive { get; init; } = AideDefaults.CacheTimeToLive;

    /// <summary>Gets the disk cache's size bound in bytes (default 512 MB).</summary>
    public long CacheSize { get; init; } = AideDefaults.CacheSize;

    /// <summary>Gets a value indicating whether requests with a temperature above 0 are cached too (default false).</summary>
    public bool CacheSampled { get; init; }

    /// <summary>Gets which cached answer leaves first when the cache is full (default LRU).</summary>
    public Caching.CacheEvictionPolicy CachePolicy { get; init; }

    /// <summary>Gets how the disk cache compresses answers (default LZ4).</summary>
    public Caching.CacheCodec CacheCodec { get; init; } = Caching.CacheCodec.Lz4;

    /// <summary>Gets how long a provider's open circuit breaker refuses calls before it lets a probe through.</summary>
    public TimeSpan BreakDuration { get; init; } = AideDefaults.BreakDuration;

    /// <summary>Gets how local models are prompted (their own chat template, or a fallback for files without one).</summary>
    public Models.ChatTemplate Template { get; init; }

    /// <summary>Gets how many requests may wait for a busy local model before more are refused (<see cref="SettingKeys.LocalQueue"/>).</summary>
    public int LocalQueue { get; init; } = 16;

    /// <summary>Gets the most bytes of one provider reply Aide reads (a line of a stream at most 1 MB of it).</summary>
    public long MaxAnswerBytes { get; init; } = AideDefaults.MaxAnswerBytes;

    /// <summary>Gets what the owner's own turns may spend per period (<see cref="SettingKeys.Budget"/>), or <see langword="null"/>.</summary>
    public Usage.UsageBudget? Budget { get; init; }

    /// <summary>Gets the prices: the defaults, with the config file's <see cref="SettingKeys.Prices"/> over them.</summary>
    public Usage.PriceTable Prices { get; init; } = Usage.PriceTable.Default;

    /// <summary>Gets the model aliases (<see cref="SettingKeys.Aliases"/>), by name.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the config file that was read (it may not exist).</summary>
    /// <summary>Gets the built-in tools offered to the model (none by default).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Gets the most model round trips of one tool loop.</summary>
    public int MaxToolRounds { get; init; } = AideDefaults.MaxToolRounds;

    /// <summary>Gets the tools that run without asking (<c>TOOL</c> or <c>SERVER/TOOL</c>).</summary>
    public IReadOnlyList<string> ToolsAllow { get; init; } = [];

    /// <summary>Gets the hosts <c>http_get</c> may reach besides loopback.</summary>
    public IReadOnlyList<string> ToolsHttpAllow { get; init; } = [];

    /// <summary>Gets the configured MCP servers (the config file's <c>mcpServers</c>).</summary>
    public IReadOnlyList<Aide.Tools.Mcp.McpServerSpec> McpServers { get; init; } = [];

    public string? ConfigFilePath { get; init; }

    /// <summary>Gets non-fatal findings worth telling the user (unknown keys, a readable file holding a key).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets where each effective value came from, by key, for <c>aide config show</c>.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>The library's providers options for these settings.</summary>
    /// <param name="providers">The providers, in priority order (configured or detected).</param>
    /// <param name="telemetry">Whether the pipeline includes the OpenTelemetry layer.</param>
    /// <returns>The options.</returns>
    public ProviderOptions ToProviderOptions(IReadOnlyList<ProviderSettings> providers, bool telemetry) => new()
    {
        Providers = [.. providers],
        Timeout = Timeout,
        Temperature = Temperature,
        MaxOutputTokens = MaxOutputTokens,
        ContextTokens = ContextTokens,
        MaxAnswerBytes = MaxAnswerBytes,
        Telemetry = telemetry,
        MaxToolRounds = MaxToolRounds,
    };

    /// <summary>The library's resilience options for these settings.</summary>
    /// <returns>The options.</returns>
    public ResilienceOptions ToResilienceOptions() => new()
    {
        Retries = Retries,
        Breaker = new CircuitBreakerOptions { BreakDuration = BreakDuration },
    };
}
