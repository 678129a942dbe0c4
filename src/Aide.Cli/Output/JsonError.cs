namespace Aide.Cli.Output;

/// <summary>What <c>--json</c> prints instead of a result when the command fails.</summary>
internal sealed record JsonError(JsonErrorBody Error);
