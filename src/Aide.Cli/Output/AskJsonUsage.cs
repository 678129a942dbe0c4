namespace Aide.Cli.Output;

/// <summary>Token counts as the provider reported them (or, <see cref="Estimated"/>, as Aide counted them when it reported none).</summary>
internal sealed record AskJsonUsage(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    /// <summary>Gets the prompt tokens the provider served from its prompt cache.</summary>
    public long? CachedInputTokens { get; init; }

    /// <summary>Gets a value indicating whether the counts are Aide's estimate.</summary>
    public bool Estimated { get; init; }
}
