
namespace Aide.Cli.Configuration;

/// <summary>The configuration keys (JSON names in the config file) and their environment variables.</summary>
internal static class SettingKeys
{
    /// <summary>Provider list: array of <c>{ kind, address, model, apiKey }</c>.</summary>
    public const string Providers = "providers";

    /// <summary>Default model (config file) or model for every provider (environment, flag).</summary>
    public const string Model = "model";

    /// <summary>Wait for the first and each further chunk of an answer.</summary>
    public const string Timeout = "timeout";

    /// <summary>Retries of transient failures.</summary>
    public const string Retries = "retries";

    /// <summary>System prompt.</summary>
    public const string SystemPrompt = "systemPrompt";

    /// <summary>Sampling temperature.</summary>
    public const string Temperature = "temperature";

    /// <summary>Cap on generated tokens.</summary>
    public const string MaxOutputTokens = "maxOutputTokens";

    /// <summary>Whether events are journaled to the data folder (true/false).</summary>
    public const string Journal = "journal";

    /// <summary>Whether conversations are saved to the data folder (true/false).</summary>
    public const string History = "history";

    /// <summary>The model's context window in tokens (default: known per model family, else 8192).</summary>
    public const string ContextTokens = "contextTokens";

    /// <summary>Tokens of the window kept free for the reply (default: maxOutputTokens, else 1024).</summary>
    public const string ReplyTokens = "replyTokens";

    /// <summary>Whether turns that no longer fit the window are summarized by the model instead of left out (true/false).</summary>
    public const string Summarize = "summarize";

    /// <summary>Whether answers are cached in the cache folder and repeated questions answered from it (true/false).</summary>
    public const string Cache = "cache";

    /// <summary>How long a cached answer lives (e.g. 7d, 12h).</summary>
    public const string CacheTtl = "cacheTtl";

    /// <summary>The disk cache's size bound (e.g. 512MB).</summary>
    public const string CacheSize = "cacheSize";

    /// <summary>Whether requests with a temperature above 0 are cached too (true/false).</summary>
    public const string CacheSampled = "cacheSampled";

    /// <summary>Which cached answer leaves first when the cache is full: lru or lfu.</summary>
    public const string CachePolicy = "cachePolicy";

    /// <summary>How the disk cache compresses answers: zstd, lz4, gzip or none.</summary>
    public const string CacheCodec = "cacheCodec";

    /// <summary>How long a provider's open circuit breaker refuses calls before probing it again (e.g. 30s).</summary>
    public const string BreakDuration = "breakDuration";

    /// <summary>The most bytes of one provider reply Aide reads (e.g. 16MB).</summary>
    public const string MaxAnswerSize = "maxAnswerSize";

    /// <summary>How local models are prompted: auto, model, chatml, llama3, llama2, mistral, gemma, phi3 or plain.</summary>
    public const string Template = "template";

    /// <summary>How many requests may wait for a local model that is answering another (default 16); more are refused as busy.</summary>
    public const string LocalQueue = "localQueue";

    /// <summary>What the owner's own turns may spend per period: <c>20/month</c>, <c>5/day EUR</c>, or in the file <c>{ "monthly": 20, "currency": "USD" }</c>.</summary>
    public const string Budget = "budget";

    /// <summary>Price overrides (config file only): an array of <c>{ model, input, output, cachedInput?, provider?, currency?, validFrom? }</c>, per million tokens.</summary>
    public const string Prices = "prices";

    /// <summary>Model aliases (config file only): an object of <c>{ "NAME": "MODEL" }</c>, a model optionally as <c>KIND/NAME</c>.</summary>
    public const string Aliases = "aliases";

    /// <summary>The built-in tools offered to the model: a comma-separated list (read_file, list_dir, shell, http_get), or in the file an array.</summary>
    public const string Tools = "tools";

    /// <summary>The most model round trips of one tool loop (default 8).</summary>
    public const string MaxToolRounds = "maxToolRounds";

    /// <summary>Tools that run without asking: comma-separated <c>TOOL</c> or <c>SERVER/TOOL</c> names, or in the file an array.</summary>
    public const string ToolsAllow = "toolsAllow";

    /// <summary>Hosts <c>http_get</c> may reach besides loopback: comma-separated, or in the file an array.</summary>
    public const string ToolsHttpAllow = "toolsHttpAllow";

    /// <summary>MCP servers (config file only): an object of <c>{ "NAME": { "command": "…", "args": […], "env": {…} } }</c> or <c>{ "NAME": { "url": "http://…" } }</c>.</summary>
    public const string McpServers = "mcpServers";

    /// <summary>The keys whose file value may be an array of strings (joined with commas).</summary>
    public static readonly IReadOnlyList<string> Lists = [Tools, ToolsAllow, ToolsHttpAllow];

    /// <summary>The fields of one price entry.</summary>
    public static readonly IReadOnlyList<string> PriceFields = ["model", "provider", "input", "cachedInput", "output", "currency", "validFrom"];

    /// <summary>The scalar keys, in documentation order.</summary>
    public static readonly IReadOnlyList<string> Scalars = [Model, Timeout, Retries, SystemPrompt, Temperature, MaxOutputTokens, Journal, History, ContextTokens, ReplyTokens, Summarize, Cache, CacheTtl, CacheSize, CacheSampled, CachePolicy, CacheCodec, BreakDuration, MaxAnswerSize, Template, LocalQueue, Budget, Tools, MaxToolRounds, ToolsAllow, ToolsHttpAllow];

    /// <summary>The scalar keys whose values are true/false.</summary>
    public static readonly IReadOnlyList<string> Booleans = [Journal, History, Summarize, Cache, CacheSampled];

    /// <summary>The keys of one provider entry.</summary>
    public static readonly IReadOnlyList<string> ProviderFields = ["kind", "address", "model", "apiKey"];

    /// <summary>Environment variable for each scalar key, and for the provider list (<c>AIDE_PROVIDERS</c>, comma-separated <c>KIND=ADDRESS</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [Providers] = "AIDE_PROVIDERS",
        [Model] = "AIDE_MODEL",
        [Timeout] = "AIDE_TIMEOUT",
        [Retries] = "AIDE_RETRIES",
        [SystemPrompt] = "AIDE_SYSTEM_PROMPT",
        [Temperature] = "AIDE_TEMPERATURE",
        [MaxOutputTokens] = "AIDE_MAX_OUTPUT_TOKENS",
        [Journal] = "AIDE_JOURNAL",
        [History] = "AIDE_HISTORY",
        [ContextTokens] = "AIDE_CONTEXT_TOKENS",
        [ReplyTokens] = "AIDE_REPLY_TOKENS",
        [Summarize] = "AIDE_SUMMARIZE",
        [Cache] = "AIDE_CACHE",
        [CacheTtl] = "AIDE_CACHE_TTL",
        [CacheSize] = "AIDE_CACHE_SIZE",
        [CacheSampled] = "AIDE_CACHE_SAMPLED",
        [CachePolicy] = "AIDE_CACHE_POLICY",
        [CacheCodec] = "AIDE_CACHE_CODEC",
        [BreakDuration] = "AIDE_BREAK_DURATION",
        [MaxAnswerSize] = "AIDE_MAX_ANSWER_SIZE",
        [Template] = "AIDE_TEMPLATE",
        [LocalQueue] = "AIDE_LOCAL_QUEUE",
        [Budget] = "AIDE_BUDGET",
        [Tools] = "AIDE_TOOLS",
        [MaxToolRounds] = "AIDE_MAX_TOOL_ROUNDS",
        [ToolsAllow] = "AIDE_TOOLS_ALLOW",
        [ToolsHttpAllow] = "AIDE_TOOLS_HTTP_ALLOW",
    };

    /// <summary>API key for OpenAI-compatible providers that have none configured; beats <c>OPENAI_API_KEY</c>.</summary>
    public const string ApiKeyVariable = "AIDE_API_KEY";

    /// <summary>Returns the canonical spelling of a scalar key, matched case-insensitively.</summary>
    /// <param name="key">A key as typed.</param>
    /// <returns>The canonical key, or <see langword="null"/> if unknown.</returns>
    public static string? Canonical(string key) =>
        key.Equals(Providers, StringComparison.OrdinalIgnoreCase) ? Providers
        : key.Equals(Prices, StringComparison.OrdinalIgnoreCase) ? Prices
        : key.Equals(Aliases, StringComparison.OrdinalIgnoreCase) ? Aliases
        : key.Equals(McpServers, StringComparison.OrdinalIgnoreCase) ? McpServers
        : Scalars.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
}
