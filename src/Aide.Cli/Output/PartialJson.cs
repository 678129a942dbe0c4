namespace Aide.Cli.Output;

/// <summary>A partial download in <c>aide models list --json</c>.</summary>
internal sealed record PartialJson(string Path, long Bytes);
