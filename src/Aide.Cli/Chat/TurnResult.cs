using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>What one chat turn produced and how long it took.</summary>
internal sealed record TurnResult(
    string Text,
    string? Model,
    UsageDetails? Usage,
    TimeSpan Latency,
    TimeSpan? TimeToFirstToken,
    ChatFinishReason? FinishReason,
    bool FromCache,
    string? AnsweredBy);
