namespace Aide.Cli.Output;

/// <summary>A downloaded model in <c>aide models list --json</c>.</summary>
internal sealed record ModelJson(string Name, string Path, long Bytes, DateTimeOffset Modified);
