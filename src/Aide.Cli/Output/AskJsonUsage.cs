namespace Aide.Cli.Output;

/// <summary>Token counts as the provider reported them.</summary>
internal sealed record AskJsonUsage(long? InputTokens, long? OutputTokens, long? TotalTokens);
