namespace Aide.Tools;

/// <summary>What a guarded tool declares about itself.</summary>
/// <param name="Server">Where it runs: <see cref="ToolGuard.BuiltInServer"/>, or an MCP server's name.</param>
/// <param name="ReadOnly">Whether it only reads.</param>
public sealed record GuardedToolInfo(string Server, bool ReadOnly);
