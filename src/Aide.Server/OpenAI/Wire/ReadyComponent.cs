namespace Aide.Server.OpenAI;

/// <summary>One component of <see cref="ReadyReport"/>.</summary>
internal sealed class ReadyComponent
{
    public required string Name { get; init; }

    public required string Level { get; init; }

    public required string Description { get; init; }

    public DateTimeOffset? CheckedAt { get; init; }

    public required Dictionary<string, double> Metrics { get; init; }
}
