namespace Aide.Cli.Output;

/// <summary>An alias in <c>aide models list --json</c>.</summary>
internal sealed record AliasJson(string Name, string Url, string Description, bool Downloaded);
