namespace Aide.Cli.Output;

/// <summary>The one JSON document <c>aide ask --json</c> prints.</summary>
internal sealed record AskJsonResult(
    string Text,
    string Provider,
    string Address,
    string? Model,
    AskJsonUsage? Usage,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    string? FinishReason,
    string? Session,
    bool Cached)
{
    /// <summary>Gets what the answer cost (0 when cached or unpriced).</summary>
    public decimal Cost { get; init; }

    /// <summary>Gets the currency of <see cref="Cost"/>, or <see langword="null"/> when the model is unpriced.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets what a cached answer would have cost.</summary>
    public decimal Saved { get; init; }

    /// <summary>Gets the share of the context window in use (0–1), for a saved conversation.</summary>
    public double? ContextFill { get; init; }

    /// <summary>Gets the tool calls Aide ran for the answer, in order (empty without tools).</summary>
    public IReadOnlyList<AskJsonToolCall> ToolCalls { get; init; } = [];
}
