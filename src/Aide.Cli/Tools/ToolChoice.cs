using Aide.Tools.Mcp;

namespace Aide.Cli.Tools;

/// <summary>What the command line asked of tools for this run.</summary>
/// <param name="BuiltIn">The <c>--tools</c> value, or <see langword="null"/> for the configuration's.</param>
/// <param name="Mcp">The <c>--mcp</c> servers (added to the configured ones; the same name replaces one).</param>
/// <param name="Yes">Whether every call runs without asking.</param>
/// <param name="None">Whether no tools are offered at all.</param>
/// <param name="JournalContent">Whether tool events keep arguments and output.</param>
internal sealed record ToolChoice(string? BuiltIn, IReadOnlyList<McpServerSpec> Mcp, bool Yes, bool None, bool JournalContent)
{
    public static ToolChoice Default { get; } = new(null, [], false, false, false);

    /// <summary>The built-in tools this run offers: <c>--tools</c>, else config <c>tools</c>.</summary>
    public IReadOnlyList<string> BuiltInNames(Configuration.AideSettings settings) =>
        BuiltIn is { } flag ? Configuration.SettingParsers.BuiltInTools(new Configuration.SettingValue(flag, "option --tools"), "--tools") : settings.Tools;
}
