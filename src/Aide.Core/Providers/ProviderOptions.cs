using Aide.Configuration;

namespace Aide.Providers;

/// <summary>
/// The providers capability: which model providers to ask, in priority order (a request fails over down the list), and
/// what is asked of them. Validated at start (by <c>AddAide</c>, or by <see cref="Pipeline.AideChatClientFactory.Create"/>).
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>Gets or sets the providers, in priority order; at least one.</summary>
    public IList<ProviderSettings> Providers { get; set; } = [];

    /// <summary>Gets or sets the longest wait for the first chunk of an answer and between chunks (default 100 s, at most an hour).</summary>
    public TimeSpan Timeout { get; set; } = AideDefaults.Timeout;

    /// <summary>Gets or sets the sampling temperature asked for when a request sets none (0 to 2; <see langword="null"/>: the provider's).</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the cap on generated tokens when a request sets none (<see langword="null"/>: the provider's).</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the context window to ask of providers that run models with one (Ollama's <c>num_ctx</c>); <see langword="null"/>: theirs.</summary>
    public int? ContextTokens { get; set; }

    /// <summary>Gets or sets the most bytes of one provider reply read (default 16 MB; a line of a stream at most 1 MB of it).</summary>
    public long MaxAnswerBytes { get; set; } = AideDefaults.MaxAnswerBytes;

    /// <summary>
    /// Gets or sets a value indicating whether the pipeline includes Microsoft.Extensions.AI's OpenTelemetry layer
    /// (gen_ai spans and metrics under <c>Aide</c>). On by default; a host where nothing could observe them (a native
    /// command-line tool without an EventSource) saves building it.
    /// </summary>
    public bool Telemetry { get; set; } = true;

    /// <summary>
    /// Gets or sets the most model round trips of one tool loop (default 8): a request whose <see cref="Microsoft.Extensions.AI.ChatOptions.Tools"/>
    /// the model keeps calling gets its last round without tools, so it must answer.
    /// </summary>
    public int MaxToolRounds { get; set; } = AideDefaults.MaxToolRounds;
}
