using System.Diagnostics;
using System.Text;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// Runs <c>aide</c> with standard error (and input) on a pseudo-terminal, through util-linux's <c>script</c>, and its
/// standard output into a file: what a user sees on the terminal, and the answer's bytes exactly as a pipe gets them.
/// </summary>
public static class TerminalRun
{
    public static Task<AideResult> RunAsync(TestHome home, params string[] args) => RunAsync(home, args, stdoutOnTerminal: false);

    /// <summary>With <paramref name="stdoutOnTerminal"/>, standard output goes to the terminal too (and standard error to a file, returned as Stdout).</summary>
    public static async Task<AideResult> RunAsync(TestHome home, string[] args, bool stdoutOnTerminal)
    {
        var stdoutFile = Path.Combine(home.Root, $"stdout-{Guid.NewGuid():N}.txt");
        IEnumerable<string> command = AideProcess.Executable is { } executable ? [executable, .. args] : ["dotnet", "exec", AideProcess.DllPath, .. args];
        var line = string.Join(' ', command.Select(Quote)) + (stdoutOnTerminal ? " 2> " : " > ") + Quote(stdoutFile);
        var info = new ProcessStartInfo("script")
        {
            ArgumentList = { "-qfec", line, "/dev/null" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        home.ApplyTo(info);

        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start script");
        var terminal = process.StandardOutput.ReadToEndAsync();
        using var guard = new CancellationTokenSource(AideProcess.Guard);
        await process.WaitForExitAsync(guard.Token);
        var stdout = File.Exists(stdoutFile) ? await File.ReadAllTextAsync(stdoutFile) : string.Empty;
        return new AideResult(process.ExitCode, stdout, await terminal);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
