using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>
/// What is known of an answer when the runner hands it to its <see cref="ITurnContext"/>; a context that stores it
/// makes the message's metadata from these (<see cref="Metadata"/>), one that stores nothing pays nothing for it.
/// </summary>
internal readonly record struct TurnFacts(ProviderSettings? Provider, string? Model, UsageDetails? Usage, TimeSpan Latency, bool Incomplete, Usage.UsageRecord? Record = null, IReadOnlyList<Tools.ToolCallRecord>? ToolCalls = null)
{
    public Dictionary<string, string> Metadata() => TurnMetadata.Of(Provider, Model, Usage, Latency, Incomplete);
}
