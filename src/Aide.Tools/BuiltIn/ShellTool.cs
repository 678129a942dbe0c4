using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary>
/// <c>shell</c>: runs a command with <c>/bin/sh -c</c> in the working directory, with a timeout, and gives back its exit
/// code and output (standard output and error, each read up to a bound, the rest drained and counted). Not read-only:
/// every call needs the user's approval.
/// </summary>
internal sealed class ShellTool(WorkspaceRoot root, TimeSpan timeout) : BuiltInTool(
    "shell",
    "Runs a shell command (/bin/sh -c) in the current working directory and returns its exit code, standard output and standard error. The user approves each command.",
    """{"type":"object","properties":{"command":{"type":"string","description":"The command line."}},"required":["command"]}""")
{
    private const int MaxOutputBytes = 64 << 10;

    public override bool ReadOnly => false;

    public override string? Describe(AIFunctionArguments arguments) => OptionalString(arguments, "command");

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var command = RequiredString(arguments, "command");
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh")
        {
            WorkingDirectory = root.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The shell did not start.");
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return $"The command was stopped after {timeout.TotalSeconds:0.#} s (the timeout).\nstdout:\n{await stdout}\nstderr:\n{await stderr}";
        }

        var output = new StringBuilder().Append("exit code: ").Append(process.ExitCode).Append('\n');
        var (outText, errText) = (await stdout, await stderr);
        if (outText.Length > 0)
        {
            output.Append("stdout:\n").Append(outText).Append('\n');
        }

        if (errText.Length > 0)
        {
            output.Append("stderr:\n").Append(errText).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>Keeps the first bytes of a stream and drains the rest, so a chatty command never blocks on a full pipe.</summary>
    private static async Task<string> ReadBoundedAsync(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (kept.Length < MaxOutputBytes)
            {
                kept.Write(buffer, 0, (int)Math.Min(read, MaxOutputBytes - kept.Length));
            }

            total += read;
        }

        var text = Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        return total > kept.Length ? text + $"\n[{total - kept.Length:N0} more bytes not shown]" : text;
    }
}
