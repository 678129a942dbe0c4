using System.Diagnostics;
using System.Globalization;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 8, startup: wall time of whole commands (process start to exit), median of N runs, each command against a
/// baseline measured in the same run (a hello-world built the same way). Used by eng/measure-startup.sh.
/// Arguments: runs, then commands as "label=executable arg arg…" (the first is the baseline).
/// </summary>
internal static class StartupTime
{
    public static async Task RunAsync(int runs, IReadOnlyList<string> commands)
    {
        double? baseline = null;
        Console.WriteLine($"| Command | Median ms (of {runs}) | Min–max ms | × baseline |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var command in commands)
        {
            var label = command[..command.IndexOf('=', StringComparison.Ordinal)];
            var parts = command[(label.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _ = await TimeAsync(parts); // warm the file cache; not counted
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                times.Add(await TimeAsync(parts));
            }

            times.Sort();
            var median = runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
            baseline ??= median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{label}` | {median:F1} | {times[0]:F1}–{times[^1]:F1} | {median / baseline.Value:F2} |"));
        }
    }

    private static async Task<double> TimeAsync(string[] parts)
    {
        var info = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in parts.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await Task.WhenAll(drainOut, drainErr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', parts)} exited {process.ExitCode}: {await drainErr}");
        }

        return elapsed;
    }
}
