namespace Aide.Configuration;

/// <summary>Built-in defaults, the lowest layer of configuration.</summary>
public static class AideDefaults
{
    /// <summary>How long to wait for a provider to start answering, and between streamed chunks: 100 seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);

    /// <summary>Longest allowed <see cref="Timeout"/>: one hour.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>Retries of a transient failure (429, 5xx, dropped connection before the first token): 2.</summary>
    public const int Retries = 2;

    /// <summary>Most retries allowed: 10.</summary>
    public const int MaxRetries = 10;

    /// <summary>Longest Retry-After Aide waits for by itself; a longer one is reported instead: 30 seconds.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Largest user input (question plus piped stdin) accepted, in characters: 1,000,000.</summary>
    public const int MaxInputChars = 1_000_000;

    /// <summary>OpenAI's public endpoint, used when neither configuration nor <c>OPENAI_BASE_URL</c> names one.</summary>
    public const string OpenAIAddress = "https://api.openai.com/v1";

    /// <summary>Model asked of an OpenAI-compatible endpoint when none is configured.</summary>
    public const string OpenAIModel = "gpt-4o-mini";

    /// <summary>Ollama's default local address, used when neither configuration nor <c>OLLAMA_HOST</c> names one.</summary>
    public const string OllamaAddress = "http://localhost:11434";

    /// <summary>
    /// The context window assumed for an Ollama model when <c>contextTokens</c> is not configured: Ollama's own default
    /// (recent versions; older ones used 2,048), whatever the model was trained for. Ollama cuts a longer prompt
    /// silently, so the window must not assume more than the server runs.
    /// </summary>
    public const int OllamaContextTokens = 4096;

    /// <summary>Model asked of Ollama when none is configured.</summary>
    public const string OllamaModel = "llama3.2";

    /// <summary>How long a cached answer lives by default.</summary>
    public static readonly TimeSpan CacheTimeToLive = TimeSpan.FromDays(7);

    /// <summary>How long an open circuit breaker refuses calls to a provider before probing it (30 s).</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>The longest cache lifetime accepted.</summary>
    public static readonly TimeSpan MaxCacheTimeToLive = TimeSpan.FromDays(3650);

    /// <summary>
    /// The most bytes of one reply Aide reads from a provider (16 MB): a long answer is tens of kilobytes, so only a
    /// misbehaving server reaches it, and it is stopped with an error instead of filling memory.
    /// </summary>
    public const long MaxAnswerBytes = 16L << 20;

    /// <summary>The most model round trips of one tool loop.</summary>
    public const int MaxToolRounds = 8;

    /// <summary>The disk cache's default size bound.</summary>
    public const long CacheSize = 512L << 20;
}
