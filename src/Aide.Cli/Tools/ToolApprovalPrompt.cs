using Aide.Tools;

namespace Aide.Cli.Tools;

/// <summary>
/// Asks on the terminal before a tool that may change something runs: what it is, its command line or arguments, and
/// <c>[y]es / [n]o / [a]lways for this tool</c>, one key (no Enter). Only when standard input is a terminal (keys are
/// read from it) and standard error is one (where the question goes); otherwise there is nobody to ask.
/// </summary>
internal static class ToolApprovalPrompt
{
    private const int MaxShownChars = 2_000;

    public static Func<ToolApprovalRequest, CancellationToken, ValueTask<ToolApproval>>? For(CliConsole console, Func<IDisposable?> holdFeedback) =>
        console.IsInputRedirected || console.IsErrorRedirected ? null : (request, ct) => AskAsync(console, request, holdFeedback, ct);

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

    private static async ValueTask<ToolApproval> AskAsync(CliConsole console, ToolApprovalRequest request, Func<IDisposable?> holdFeedback, CancellationToken cancellationToken)
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
            // Polled, so Ctrl+C (which cancels the turn) is not stuck behind a blocking read.
            while (!Console.KeyAvailable)
            {
                await Task.Delay(25, cancellationToken);
            }

            var key = Console.ReadKey(intercept: true);
            ToolApproval? answer = char.ToLowerInvariant(key.KeyChar) switch
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
}
