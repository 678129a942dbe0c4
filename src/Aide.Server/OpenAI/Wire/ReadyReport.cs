namespace Aide.Server.OpenAI;

/// <summary><c>GET /readyz</c>: the health monitor's latest snapshot.</summary>
internal sealed class ReadyReport
{
    public required string Level { get; init; }

    public double Score { get; init; }

    public required List<ReadyComponent> Components { get; init; }
}
