namespace Aide.Tools;

/// <summary>How the tools of one run are allowed to run and what is kept of their calls.</summary>
public sealed class ToolGuardOptions
{
    /// <summary>The default bound of a tool's output sent back to the model, in characters.</summary>
    public const int DefaultMaxOutputChars = 16_000;

    /// <summary>
    /// Gets the callback that asks the user whether a tool that is not read-only may run, or <see langword="null"/>
    /// when nobody can be asked (no terminal): such calls are refused unless <see cref="ApproveAll"/> or
    /// <see cref="Allowed"/> says otherwise.
    /// </summary>
    public Func<ToolApprovalRequest, CancellationToken, ValueTask<ToolApproval>>? Approve { get; init; }

    /// <summary>Gets a value indicating whether every call runs without asking (<c>--yes</c>).</summary>
    public bool ApproveAll { get; init; }

    /// <summary>Gets the tools that run without asking: <c>tool</c> (any server's) or <c>server/tool</c>.</summary>
    public IReadOnlyCollection<string> Allowed { get; init; } = [];

    /// <summary>Gets the bound of a tool's output sent back to the model, in characters; longer output is cut and says so.</summary>
    public int MaxOutputChars { get; init; } = DefaultMaxOutputChars;

    /// <summary>Gets a value indicating whether tool events carry argument values and output (<c>--journal-content</c>).</summary>
    public bool JournalContent { get; init; }

    /// <summary>Gets the bus the tool events go to, or <see langword="null"/>.</summary>
    public Events.IEventBus? Events { get; init; }

    /// <summary>Gets the clock for durations.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
