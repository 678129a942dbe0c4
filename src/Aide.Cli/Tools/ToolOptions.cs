using System.CommandLine;
using Aide.Cli.Commands;
using Aide.Tools.Mcp;

namespace Aide.Cli.Tools;

/// <summary>The options of the commands that can give a model tools: <c>ask</c>, <c>chat</c>, <c>serve</c>, <c>tools</c>.</summary>
internal sealed class ToolOptions
{
    public Option<string?> Tools { get; } = new("--tools")
    {
        Description = "Built-in tools to offer the model, comma-separated: read_file, list_dir (confined to the current directory), shell (asks first), http_get (loopback and toolsHttpAllow hosts); none for none. Replaces config tools.",
        HelpName = "NAME,…",
    };

    public Option<string[]> Mcp { get; } = new("--mcp")
    {
        Description = "An MCP server whose tools the model may use: NAME=COMMAND ARGS… (stdio, started when first needed) or NAME=URL (Streamable HTTP); repeat for more. Adds to config mcpServers.",
        HelpName = "NAME=COMMAND|URL",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Run every tool call without asking (otherwise a tool that may change something asks first on a terminal, and is refused without one)." };

    public Option<bool> NoTools { get; } = new("--no-tools") { Description = "Offer the model no tools this run (no MCP server is started)." };

    public Option<bool> JournalContent { get; } = new("--journal-content") { Description = "Keep tool calls' arguments and output in the event journal (by default only the tool, server, duration and approval are kept)." };

    public void AddTo(Command command, bool approvals = true)
    {
        command.AddValidator(result =>
        {
            foreach (var value in result.GetValue(Mcp) ?? [])
            {
                try
                {
                    McpServerSpec.Parse(value);
                }
                catch (FormatException ex)
                {
                    result.AddError("--mcp: " + ex.Message);
                }
            }
        });
        command.Options.Add(Tools);
        command.Options.Add(Mcp);
        if (approvals)
        {
            command.Options.Add(Yes);
            command.Options.Add(NoTools);
            command.Options.Add(JournalContent);
        }
    }

    public ToolChoice ToChoice(ParseResult result) => new(
        result.GetValue(Tools),
        [.. (result.GetValue(Mcp) ?? []).Select(McpServerSpec.Parse)],
        result.GetValue(Yes),
        result.GetValue(NoTools),
        result.GetValue(JournalContent));
}
