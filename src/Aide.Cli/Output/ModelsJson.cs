namespace Aide.Cli.Output;

/// <summary><c>aide models list --json</c>.</summary>
internal sealed record ModelsJson(string Directory, ModelJson[] Models, PartialJson[] Partial, AliasJson[] Aliases);
