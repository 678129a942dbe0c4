using System.CommandLine;
using System.Text.Json;
using Aide.Cli.Tools;
using Aide.Tools;
using Aide.Tools.BuiltIn;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Commands;

/// <summary><c>aide tools list|call</c>: the tools a model can be given, and one call by hand (to debug an MCP server).</summary>
internal static class ToolsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("tools", "The tools a model can use: Aide's built-ins (--tools) and MCP servers' (config mcpServers, --mcp).");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Call(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var options = new ToolOptions();
        var command = new Command("list", "Every tool with its server, whether it only reads or asks first, its description and parameters. Starts the MCP servers to ask them.");
        options.AddTo(command, approvals: false);
        command.SetAction((result, ct) => RunAsync(console, async () =>
        {
            var settings = Chat.ProviderSelector.LoadSettings(console, new Configuration.AideSettingsOverrides());
            var choice = options.ToChoice(result);

            // Every built-in is listed; those this run would not offer are marked off.
            var offered = choice.BuiltInNames(settings);
            await using var session = ToolSession.Create(console, settings, choice with { BuiltIn = string.Join(',', BuiltInTools.Names) }, bus: null)!;
            foreach (var tool in await session.ForTurnAsync(ct))
            {
                var info = ToolGuard.InfoOf(tool)!;
                var off = info.Server == ToolGuard.BuiltInServer && !offered.Contains(tool.Name) ? " · off (enable with --tools or config tools)" : string.Empty;
                await console.Out.WriteLineAsync($"{tool.Name}  [{info.Server} · {(info.ReadOnly ? "read-only" : "asks first")}{off}]");
                await console.Out.WriteLineAsync($"  {tool.Description.ReplaceLineEndings(" ")}");
                foreach (var parameter in Parameters((AIFunction)tool))
                {
                    await console.Out.WriteLineAsync($"    {parameter}");
                }
            }
        }));
        return command;
    }

    private static Command Call(CliConsole console)
    {
        var options = new ToolOptions();
        var server = new Argument<string>("server") { Description = "The MCP server's name (or builtin for Aide's own tools)." };
        var tool = new Argument<string>("tool") { Description = "The tool's name." };
        var args = new Option<string?>("--args") { Description = "The arguments as a JSON object (default {}).", HelpName = "JSON" };
        var command = new Command("call", "Call one tool directly and print its output (no model, no approval: you are the one asking).") { server, tool };
        command.Options.Add(args);
        options.AddTo(command, approvals: false);
        command.SetAction((result, ct) => RunAsync(console, async () =>
        {
            var arguments = ParseArguments(result.GetValue(args) ?? "{}");
            var settings = Chat.ProviderSelector.LoadSettings(console, new Configuration.AideSettingsOverrides());
            var choice = options.ToChoice(result);
            var serverName = result.GetValue(server)!;
            var toolName = result.GetValue(tool)!;
            if (serverName == ToolGuard.BuiltInServer)
            {
                var builtIn = BuiltInTools.Create([toolName], new BuiltInToolOptions { HttpAllowedHosts = settings.ToolsHttpAllow }, new ToolGuard(new ToolGuardOptions { ApproveAll = true }));
                await console.Out.WriteLineAsync((string?)await builtIn[0].InvokeAsync(new AIFunctionArguments(arguments), ct)); // a guarded tool answers with text
                return;
            }

            await using var session = ToolSession.Create(console, settings, choice with { BuiltIn = "none" }, bus: null)
                ?? throw new Aide.Tools.Mcp.McpServerUnavailableException(serverName, $"There is no MCP server '{serverName}': none is configured (config mcpServers, or --mcp NAME=COMMAND|URL).");
            var (output, isError) = await session.Servers.CallAsync(serverName, toolName, arguments, ct);
            if (isError)
            {
                throw new UsageException($"{serverName}/{toolName} answered with an error: {output}");
            }

            await console.Out.WriteLineAsync(output);
        }));
        return command;
    }

    private static Dictionary<string, object?> ParseArguments(string json) =>
        ToolArguments.Parse(json) ?? throw new UsageException($"--args must be a JSON object: --args '{{\"path\": \"README.md\"}}' (got {CliText.Clip(json, 80)}).");

    /// <summary>"name (type, required): description" for each property of the tool's JSON schema.</summary>
    private static IEnumerable<string> Parameters(AIFunction tool)
    {
        var schema = tool.JsonSchema;
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet()
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            var type = property.Value.TryGetProperty("type", out var t) ? t.ToString() : "any";
            var description = property.Value.TryGetProperty("description", out var d) ? ": " + d.GetString() : string.Empty;
            yield return $"{property.Name} ({type}{(required.Contains(property.Name) ? ", required" : string.Empty)}){description}";
        }
    }

    private static async Task<int> RunAsync(CliConsole console, Func<Task> action)
    {
        try
        {
            await action();
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
    }
}
