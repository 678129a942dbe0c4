namespace Aide.Cli.Output;

/// <summary>One row of <c>aide providers --json</c>.</summary>
internal sealed record ProviderJsonStatus(string Kind, string Address, string? Model, string State, double? LatencyMs, string Detail, bool? ModelListed, bool Configured);
