using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// Runs the real <c>aide</c> executable (the build output of src/Aide.Cli) as a child process, with stdout read
/// as it arrives so tests can follow streaming. Waits have a generous guard that only catches hangs.
/// </summary>
public sealed class AideProcess : IAsyncDisposable
{
    /// <summary>Only a hang guard: no test expects anything near it.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly Task _stdoutPump;
    private readonly Task<string> _stderr;

    private AideProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpStdoutAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string DllPath { get; } = LocateCli();

    /// <summary>
    /// Gets a published <c>aide</c> executable to test instead of the build output (e.g. the Native AOT one:
    /// <c>AIDE_TEST_EXECUTABLE=/path/to/aide dotnet test</c>), so the same suite checks what users install.
    /// </summary>
    public static string? Executable { get; } = System.Environment.GetEnvironmentVariable("AIDE_TEST_EXECUTABLE") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static AideProcess Start(TestHome home, IEnumerable<string> args, string? stdin = null, bool keepStdinOpen = false)
    {
        var info = new ProcessStartInfo(Executable ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (Executable is null)
        {
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(DllPath);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        home.ApplyTo(info);

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start aide");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        if (!keepStdinOpen)
        {
            process.StandardInput.Close();
        }

        return new AideProcess(process);
    }

    public static async Task<AideResult> RunAsync(TestHome home, params string[] args) => await RunWithInputAsync(home, null, args);

    public static async Task<AideResult> RunWithInputAsync(TestHome home, string? stdin, params string[] args)
    {
        await using var process = Start(home, args, stdin);
        return await process.WaitForExitAsync();
    }

    public StreamWriter Stdin => _process.StandardInput;

    /// <summary>Gets the process id (to send it signals).</summary>
    public int Id => _process.Id;

    /// <summary>Kills the process at once (SIGKILL): no handler, no flush, no dispose runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public string StdoutSoFar
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Completes when stdout contains <paramref name="text"/>; fails after <see cref="Guard"/>.</summary>
    public Task WaitForStdoutAsync(string text)
    {
        lock (_stdout)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task.WaitAsync(Guard);
        }
    }

    public async Task<AideResult> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aide did not exit within {Guard}; stdout so far:\n{StdoutSoFar}");
        }

        await _stdoutPump;
        return new AideResult(_process.ExitCode, StdoutSoFar, await _stderr);
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public async Task SendInterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            lock (_stdout)
            {
                _stdout.Append(buffer, 0, read);
                var text = _stdout.ToString();
                foreach (var waiter in _waiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult();
                }
            }
        }
    }

    private static string LocateCli()
    {
        var configuration = typeof(AideProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aide.slnx")))
            {
                var path = Path.Combine(dir.FullName, "src", "Aide.Cli", "bin", configuration, "net10.0", "aide.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/Aide.Cli ({configuration}) first; not found: {path}");
            }
        }

        throw new DirectoryNotFoundException("Aide.slnx not found above " + AppContext.BaseDirectory);
    }
}
