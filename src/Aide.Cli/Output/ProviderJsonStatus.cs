namespace Aide.Cli.Output;

/// <summary>One row of <c>aide providers --json</c>.</summary>
internal sealed record ProviderJsonStatus(string Kind, string Address, string? Model, string State, double? LatencyMs, string Detail, bool? ModelListed, bool Configured)
{
    /// <summary>Gets the models the server lists (<c>--models</c>), or <see langword="null"/> when not asked for.</summary>
    public IReadOnlyList<string>? Models { get; init; }
}
