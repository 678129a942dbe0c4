using Aide.Tools;

namespace Aide.Cli.Tools;

/// <summary>
/// Asks on the terminal before a tool that may change something runs: what it is, its command line or arguments, and
/// <c>[y]es / [n]o / [a]lways for this tool</c>. The question goes to standard error, so only when that is a terminal.
/// The answer is one key when standard input is the terminal; when it is piped (<c>git diff | aide ask …</c>), a line
/// from the controlling terminal (<c>/dev/tty</c>), as <c>sudo</c> and <c>git</c> ask. Otherwise nobody can be asked.
/// </summary>
internal static class ToolApprovalPrompt
{
    private const int MaxShownChars = 2_000;

    private const string TerminalDevice = "/dev/tty";

    public static Func<ToolApprovalRequest, CancellationToken, ValueTask<ToolApproval>>? For(CliConsole console, Func<IDisposable?> holdFeedback) =>
        console.IsErrorRedirected ? null
        : !console.IsInputRedirected ? (request, ct) => AskAsync(console, request, holdFeedback, ReadKeyAsync, ct)
        : !OperatingSystem.IsWindows() && File.Exists(TerminalDevice) ? (request, ct) => AskAsync(console, request, holdFeedback, ReadTerminalLineAsync, ct)
        : null;

    internal static string Question(ToolApprovalRequest request)
    {
        var what = request.Summary is { } summary ? $"`{summary}`" : $"{request.Tool} {request.Arguments}";
        if (what.Length > MaxShownChars)
        {
            what = what[..MaxShownChars] + "…";
        }

        var source = request.Server == ToolGuard.BuiltInServer ? request.Tool : $"{request.Tool} ({request.Server})";
        return request.Summary is null ? $"run {source} {request.Arguments}?" : $"{source}: run {what}?";
    }

    private static async ValueTask<ToolApproval> AskAsync(
        CliConsole console, ToolApprovalRequest request, Func<IDisposable?> holdFeedback, Func<CancellationToken, Task<char?>> read, CancellationToken cancellationToken)
    {
        using var held = holdFeedback();
        lock (console.Error)
        {
            console.Error.WriteLine();
            console.Error.Write(console.NoColor
                ? $"{Question(request)} [y]es/[n]o/[a]lways for this tool: "
                : $"\e[1m{Question(request)}\e[0m [y]es/[n]o/[a]lways for this tool: ");
            console.Error.Flush();
        }

        while (true)
        {
            if (await read(cancellationToken) is not { } typed)
            {
                console.Error.WriteLine("no");
                return ToolApproval.Refused; // the terminal is gone
            }

            ToolApproval? answer = char.ToLowerInvariant(typed) switch
            {
                'y' => ToolApproval.Once,
                'a' => ToolApproval.Always,
                'n' or '\r' or '\n' or '\e' => ToolApproval.Refused,
                _ => null,
            };
            if (answer is { } given)
            {
                console.Error.WriteLine(given switch { ToolApproval.Once => "yes", ToolApproval.Always => "always", _ => "no" });
                return given;
            }
        }
    }

    /// <summary>One key from standard input (the terminal), polled so Ctrl+C (which cancels the turn) is never stuck behind a read.</summary>
    private static async Task<char?> ReadKeyAsync(CancellationToken cancellationToken)
    {
        while (!Console.KeyAvailable)
        {
            await Task.Delay(25, cancellationToken);
        }

        return Console.ReadKey(intercept: true).KeyChar;
    }

    /// <summary>
    /// The first character of a line typed on the controlling terminal (Enter alone is "no"). The read is abandoned, not
    /// awaited, when the turn is cancelled: a terminal read cannot be interrupted, and the process is ending anyway.
    /// </summary>
    private static async Task<char?> ReadTerminalLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            var line = await Task.Run(
                () =>
                {
                    using var reader = new StreamReader(new FileStream(TerminalDevice, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
                    return reader.ReadLine();
                },
                CancellationToken.None).WaitAsync(cancellationToken);
            return line is null ? null : line.Trim() is { Length: > 0 } text ? text[0] : '\n';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // no controlling terminal after all
        }
    }
}
