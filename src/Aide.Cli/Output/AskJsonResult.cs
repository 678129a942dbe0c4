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
    bool Cached);
