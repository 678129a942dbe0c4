using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Aide.Tools;

/// <summary>
/// Makes tools safe to hand to a model: a tool that is not declared read-only runs only with the user's approval (or
/// <c>--yes</c>, or an allow-list), its output is bounded before it goes back to the model, and each call is evented
/// (<see cref="Events.ToolCallStarted"/>, <see cref="Events.ToolCallCompleted"/>, <see cref="Events.ToolCallFailed"/>).
/// One guard serves a run (a command, a server): "always" answers last as long as it does.
/// </summary>
public sealed class ToolGuard
{
    /// <summary>The <see cref="GuardedToolInfo.Server"/> of Aide's own tools.</summary>
    public const string BuiltInServer = "builtin";

    private readonly ConcurrentDictionary<string, bool> _always = new(StringComparer.Ordinal);

    /// <summary>Creates a guard.</summary>
    /// <param name="options">How tools may run.</param>
    public ToolGuard(ToolGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxOutputChars, 256);
        Options = options;
    }

    /// <summary>Gets how tools may run.</summary>
    public ToolGuardOptions Options { get; }

    /// <summary>Wraps a tool so that it runs under this guard.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="server">Where it runs: <see cref="BuiltInServer"/>, or an MCP server's name.</param>
    /// <param name="readOnly">Whether it only reads (then it runs without asking, and a loop using only such tools may be cached).</param>
    /// <param name="describe">A one-line account of a call for the approval prompt, or <see langword="null"/> to show the arguments.</param>
    /// <returns>The guarded tool, for <see cref="ChatOptions.Tools"/>.</returns>
    public AIFunction Guard(AIFunction tool, string server, bool readOnly, Func<AIFunctionArguments, string?>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentException.ThrowIfNullOrWhiteSpace(server);
        return new GuardedTool(tool, new GuardedToolInfo(server, readOnly), this, describe);
    }

    /// <summary>What a guarded tool declares, or <see langword="null"/> for a tool that is not guarded (a declaration a client runs itself).</summary>
    /// <param name="tool">The tool.</param>
    /// <returns>Its server and whether it only reads.</returns>
    public static GuardedToolInfo? InfoOf(AITool tool) => (tool as GuardedTool)?.Info;

    /// <summary>Whether Aide would run <paramref name="tool"/> itself and it may change something: a loop that called one is never stored in the cache.</summary>
    /// <param name="tool">The tool.</param>
    /// <returns><see langword="true"/> for an invocable tool not declared read-only.</returns>
    public static bool MayWrite(AITool tool) => tool is AIFunction && InfoOf(tool) is not { ReadOnly: true };

    /// <summary>Decides whether a call may run: read-only, allowed, approved before "always", or asked now.</summary>
    internal async ValueTask<string?> ApproveAsync(string name, GuardedToolInfo info, Func<ToolApprovalRequest> request, CancellationToken cancellationToken)
    {
        if (info.ReadOnly)
        {
            return "read-only";
        }

        if (Options.ApproveAll || Options.Allowed.Contains(name) || Options.Allowed.Contains(info.Server + "/" + name))
        {
            return "allowed";
        }

        var key = info.Server + "/" + name;
        if (_always.ContainsKey(key))
        {
            return "always";
        }

        if (Options.Approve is not { } approve)
        {
            return null;
        }

        switch (await approve(request(), cancellationToken))
        {
            case ToolApproval.Always:
                _always[key] = true;
                return "always";
            case ToolApproval.Once:
                return "approved";
            default:
                return null;
        }
    }
}
