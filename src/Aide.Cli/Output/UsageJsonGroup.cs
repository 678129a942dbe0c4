namespace Aide.Cli.Output;

/// <summary>One group of <c>aide usage --json</c> (or its total).</summary>
internal sealed record UsageJsonGroup(
    string Name,
    long Requests,
    long CachedRequests,
    long EstimatedRequests,
    long UnpricedRequests,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    decimal Cost,
    decimal Saved,
    double Share);
