using Aide.Cli.Configuration;
using Aide.Events;
using Aide.Tools;
using Aide.Tools.BuiltIn;
using Aide.Tools.Mcp;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Tools;

/// <summary>
/// The tools of one command run: the built-ins named by <c>--tools</c> (or config <c>tools</c>) and the MCP servers of
/// config <c>mcpServers</c> plus <c>--mcp</c>, all under one <see cref="ToolGuard"/>. Servers start when the first turn
/// asks for the tools, not before; one that cannot start or dies is reported once on standard error and left out.
/// </summary>
internal sealed class ToolSession : IAsyncDisposable
{
    private readonly IReadOnlyList<AIFunction> _builtIn;
    private readonly McpLogFile? _log;
    private readonly IDisposable? _refusals;

    private ToolSession(CliConsole console, ToolGuard guard, IReadOnlyList<AIFunction> builtIn, McpToolServers servers, McpLogFile? log, IEventBus? bus)
    {
        Guard = guard;
        _builtIn = builtIn;
        Servers = servers;
        _log = log;
        servers.ServerUnavailable += (_, message) => console.WriteWarning($"{message}; going on without its tools{(log is null ? string.Empty : $" (its log: {log.Path})")}.");

        // Without a terminal nobody was asked: say so wherever standard error goes, with what would allow it.
        _refusals = guard.Options.Approve is null ? bus?.Subscribe<ToolCallFailed>(e =>
        {
            if (e.Approval == "refused")
            {
                var source = e.Server == ToolGuard.BuiltInServer ? e.Tool : $"{e.Tool} ({e.Server})";
                console.WriteWarning($"{source} may change something and there is no terminal to ask: it did not run (--yes, or config toolsAllow, allows it).");
            }
        }) : null;
    }

    public ToolGuard Guard { get; }

    public McpToolServers Servers { get; }

    /// <summary>Gets or sets what pauses the turn's spinner while the user is asked (set per turn).</summary>
    public Func<IDisposable?> HoldFeedback { get; set; } = static () => null;

    /// <summary>The tools for a run, or <see langword="null"/> when it offers none (no built-ins, no servers, or <c>--no-tools</c>); a run that is not <paramref name="interactive"/> (a server) never asks.</summary>
    public static ToolSession? Create(CliConsole console, AideSettings settings, ToolChoice choice, IEventBus? bus, bool interactive = true)
    {
        if (choice.None)
        {
            return null;
        }

        var builtInNames = choice.BuiltInNames(settings);
        var servers = settings.McpServers.Where(s => choice.Mcp.All(m => m.Name != s.Name)).Concat(choice.Mcp).ToList();
        if (builtInNames.Count == 0 && servers.Count == 0)
        {
            return null;
        }

        ToolSession? session = null;
        var guard = new ToolGuard(new ToolGuardOptions
        {
            Approve = interactive ? ToolApprovalPrompt.For(console, () => session?.HoldFeedback()) : null,
            ApproveAll = choice.Yes,
            Allowed = [.. settings.ToolsAllow, .. servers.SelectMany(s => s.Allowed.Select(t => $"{s.Name}/{t}"))],
            JournalContent = choice.JournalContent,
            Events = bus,
        });
        var builtIn = BuiltInTools.Create(builtInNames, new BuiltInToolOptions { HttpAllowedHosts = settings.ToolsHttpAllow }, guard);
        var log = servers.Count == 0 ? null : new McpLogFile(Path.Combine(AidePaths.Resolve(console.Environment).DataDirectory, "logs", "mcp.log"));
        session = new ToolSession(console, guard, builtIn, new McpToolServers(servers, log), log, bus);
        return session;
    }

    /// <summary>The tools to offer in a turn: the built-ins, then every usable server's (starting those not started).</summary>
    public async Task<IList<AITool>> ForTurnAsync(CancellationToken cancellationToken)
    {
        var fromServers = Servers.Servers.Count == 0 ? [] : await Servers.GetToolsAsync(Guard, cancellationToken);
        return [.. _builtIn, .. fromServers];
    }

    public async ValueTask DisposeAsync()
    {
        _refusals?.Dispose();
        await Servers.DisposeAsync();
        _log?.Dispose();
    }
}
