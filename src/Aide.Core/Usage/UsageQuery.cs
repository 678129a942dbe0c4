namespace Aide.Usage;

/// <summary>What a usage report covers.</summary>
public sealed record UsageQuery
{
    /// <summary>Gets the start (inclusive); <see langword="null"/> for all records.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the end (exclusive); <see langword="null"/> for now.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Gets the grouping.</summary>
    public UsageGrouping By { get; init; } = UsageGrouping.Model;

    /// <summary>Gets the currency costs are summed in; records priced in another count as unpriced.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Gets the one conversation (its id) the report covers; <see langword="null"/> for all records.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the offset from UTC whose calendar days <see cref="UsageGrouping.Day"/> uses.</summary>
    public TimeSpan UtcOffset { get; init; }
}
