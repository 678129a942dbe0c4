namespace Aide.Providers.Local;

/// <summary>
/// Token counts of one local generation. LLamaSharp's adapter returns only text, so the caller opens a record for its
/// call (<see cref="BeginCall"/>) and the executor fills it in the same async flow: concurrent calls each read their own.
/// </summary>
internal sealed class LocalRunStats
{
    private static readonly AsyncLocal<LocalRunStats?> CurrentCall = new();

    /// <summary>Gets the record of the call in this async flow, if its caller opened one.</summary>
    public static LocalRunStats? Current => CurrentCall.Value;

    /// <summary>Gets or sets the tokens in the templated prompt.</summary>
    public int PromptTokens { get; set; }

    /// <summary>Gets or sets the prompt tokens already in the KV cache from the previous turn (not evaluated again).</summary>
    public int ReusedTokens { get; set; }

    /// <summary>Gets or sets the tokens generated.</summary>
    public int OutputTokens { get; set; }

    /// <summary>Gets or sets the texts that end the answer (not included in it): the caller's stop sequences and the prompt format's.</summary>
    public IReadOnlyList<string> StopSequences { get; set; } = [];

    /// <summary>Opens the record the executor fills for the call about to start in this async flow.</summary>
    public static LocalRunStats BeginCall() => CurrentCall.Value = new LocalRunStats();
}
