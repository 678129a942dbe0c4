namespace Aide.Health;

/// <summary>A provider's recent chat calls (<see cref="ProviderCallHistory"/>).</summary>
/// <param name="Calls">Calls in the window.</param>
/// <param name="Failed">Of them, failures that count against the provider.</param>
/// <param name="LatestFailure">When the newest call failed: how (e.g. "ServerError, HTTP 500").</param>
public sealed record ProviderCalls(int Calls, int Failed, string? LatestFailure)
{
    /// <summary>Gets a value indicating whether every recent call failed, and there were at least two: the provider answers probes, not chats.</summary>
    public bool AllFailing => Calls >= 2 && Failed == Calls;
}
