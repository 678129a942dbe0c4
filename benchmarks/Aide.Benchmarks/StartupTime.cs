using System.Diagnostics;
using System.Globalization;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 8, startup: wall time of whole commands (process start to exit), median of N runs, each command against a
/// baseline measured in the same run (a hello-world built the same way). Used by eng/measure-startup.sh.
/// Arguments: runs, then commands as "label=executable arg arg…" (the first is the baseline). The commands are run
/// interleaved, one round after another.
/// </summary>
internal static class StartupTime
{
    public static async Task RunAsync(int runs, IReadOnlyList<string> commands)
    {
        var labels = commands.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).ToArray();
        var parts = commands.Select((c, i) => c[(labels[i].Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        foreach (var command in parts)
        {
            _ = await TimeAsync(command); // warm the file cache and this process's own code; not counted
        }

        // Interleaved: round r runs every command once, starting with command r mod n, so a drift in the machine's
        // load falls on all commands alike and none is always the first of a round.
        var times = labels.Select(_ => new List<double>(runs)).ToArray();
        for (var round = 0; round < runs; round++)
        {
            for (var k = 0; k < parts.Length; k++)
            {
                var i = (round + k) % parts.Length;
                times[i].Add(await TimeAsync(parts[i]));
            }
        }

        double? baseline = null;
        Console.WriteLine($"| Command | Median ms (of {runs}) | Min–max ms | × baseline |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var i = 0; i < labels.Length; i++)
        {
            var sorted = times[i].Order().ToList();
            var median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[(runs / 2) - 1] + sorted[runs / 2]) / 2;
            baseline ??= median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{labels[i]}` | {median:F1} | {sorted[0]:F1}–{sorted[^1]:F1} | {median / baseline.Value:F2} |"));
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
