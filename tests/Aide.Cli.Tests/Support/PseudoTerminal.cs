using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// Runs <c>aide</c> on a pseudo-terminal (Support/pty_drive.py, Python's stdlib <c>pty</c>), typing keys after the
/// output shows what it waits for: how a person at a terminal uses <c>aide chat</c>.
/// </summary>
public sealed class PseudoTerminal
{
    private readonly JsonArray _steps = [];

    /// <summary>Waits until the output (after the previous expectation) holds <paramref name="text"/>.</summary>
    public PseudoTerminal Expect(string text)
    {
        _steps.Add(new JsonObject { ["expect"] = text });
        return this;
    }

    /// <summary>Types <paramref name="keys"/> (escape sequences as the terminal sends them: "\e[A" is Up).</summary>
    public PseudoTerminal Send(string keys)
    {
        _steps.Add(new JsonObject { ["send"] = keys });
        return this;
    }

    /// <summary>Gets or sets text piped to aide's standard input, the terminal staying its controlling terminal (<c>echo … | aide …</c> typed at a shell).</summary>
    public string? PipedInput { get; set; }

    public async Task<(int ExitCode, string Output)> RunAsync(TestHome home, params string[] args)
    {
        var steps = Path.Combine(home.Root, $"steps-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(steps, _steps.ToJsonString());
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Support", "pty_drive.py"));
        info.ArgumentList.Add(steps);
        info.ArgumentList.Add("--");
        IEnumerable<string> command = AideProcess.Executable is { } executable ? [executable, .. args] : ["dotnet", "exec", AideProcess.DllPath, .. args];
        if (PipedInput is { } piped)
        {
            static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            command = ["/bin/sh", "-c", $"printf %s {Quote(piped)} | {string.Join(' ', command.Select(Quote))}"];
        }

        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        home.ApplyTo(info);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(AideProcess.Guard + TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await errors);
    }
}
