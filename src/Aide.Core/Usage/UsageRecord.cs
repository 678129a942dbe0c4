namespace Aide.Usage;

/// <summary>
/// What one answer used and cost: tokens, context fill and money, with who answered and for whom; never message text.
/// Saved with the answer (in its transaction) or, for a turn without a saved conversation, in the usage ledger.
/// </summary>
public sealed record UsageRecord
{
    /// <summary>Gets when the answer ended.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the answering provider's kind (<c>openai</c>, <c>ollama</c>, <c>local</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model that answered.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the access key the gateway admitted the request with; <see langword="null"/> for the owner's own turns.</summary>
    public string? Caller { get; init; }

    /// <summary>Gets the prompt's tokens (cached ones included).</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the prompt tokens the provider served from its prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the answer's tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets a value indicating whether the provider reported no usage and the counts are Aide's own estimate.</summary>
    public bool Estimated { get; init; }

    /// <summary>Gets a value indicating whether Aide's response cache answered (no model call: cost 0, the price saved).</summary>
    public bool FromCache { get; init; }

    /// <summary>Gets the cost in nano-units of <see cref="Currency"/> (0 when cached or unpriced).</summary>
    public long CostNanos { get; init; }

    /// <summary>Gets what a cached answer would have cost from the model, in nano-units.</summary>
    public long SavedNanos { get; init; }

    /// <summary>Gets the currency of the price, or <see langword="null"/> when the model is unpriced.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets the tokens of the window sent (Aide's count), for a turn with a context window.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Gets the window's size in tokens, for a turn with a context window.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Gets a value indicating whether a price applied.</summary>
    public bool Priced => Currency is not null;

    /// <summary>Gets the cost.</summary>
    public decimal Cost => UsageMoney.FromNanos(CostNanos);

    /// <summary>Gets what the cache saved.</summary>
    public decimal Saved => UsageMoney.FromNanos(SavedNanos);

    /// <summary>Gets the share of the window in use (0–1), when the turn had one.</summary>
    public double? ContextFill => ContextWindow is > 0 && ContextTokens is { } used ? (double)used / ContextWindow.Value : null;
}
