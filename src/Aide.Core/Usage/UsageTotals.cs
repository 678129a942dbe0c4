namespace Aide.Usage;

/// <summary>The sums of a group of usage records.</summary>
/// <param name="Name">The group: a day (<c>yyyy-MM-dd</c>), provider, model, conversation or key; <c>(none)</c> when the records name none.</param>
public sealed record UsageTotals(string Name)
{
    /// <summary>Gets the answers.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the answers from Aide's response cache.</summary>
    public long CachedRequests { get; init; }

    /// <summary>Gets the answers whose token counts are Aide's estimate (the provider reported none).</summary>
    public long EstimatedRequests { get; init; }

    /// <summary>Gets the answers of models without a price in the report's currency.</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>Gets the prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the prompt tokens from the providers' prompt caches.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the answer tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the cost in nano-units.</summary>
    public long CostNanos { get; init; }

    /// <summary>Gets what Aide's cache saved, in nano-units.</summary>
    public long SavedNanos { get; init; }

    /// <summary>Gets the cost.</summary>
    public decimal Cost => UsageMoney.FromNanos(CostNanos);

    /// <summary>Gets what the cache saved.</summary>
    public decimal Saved => UsageMoney.FromNanos(SavedNanos);

    /// <summary>Gets the tokens in and out.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}
