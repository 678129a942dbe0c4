using System.Diagnostics;
using System.Globalization;
using Aide.Configuration;
using Aide.Models;
using Aide.Providers;
using Aide.Providers.Local;
using Aide.Testing;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 8, lazy loading: the first resolution of the local provider (loads LLamaSharp and the llama.cpp runtime)
/// against the availability check that loads nothing, each measured in a fresh process (one-time costs cannot be
/// repeated in one), median of N runs. The cached resolution is <see cref="LocalProviderBenchmarks"/>.
/// </summary>
internal static class LazyLoading
{
    public static async Task RunAsync(int runs)
    {
        var self = Environment.ProcessPath!;
        var checks = new List<double>();
        var firsts = new List<double>();
        var seconds = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            if (self.EndsWith("dotnet", StringComparison.Ordinal))
            {
                info.ArgumentList.Add(typeof(LazyLoading).Assembly.Location);
            }

            info.ArgumentList.Add("lazy-load-child");
            using var child = Process.Start(info)!;
            var line = (await child.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
            await child.WaitForExitAsync();
            checks.Add(double.Parse(line[0], CultureInfo.InvariantCulture));
            firsts.Add(double.Parse(line[1], CultureInfo.InvariantCulture));
            seconds.Add(double.Parse(line[2], CultureInfo.InvariantCulture));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs: {runs} fresh processes (median, min–max)"));
        Console.WriteLine(Row("availability check, nothing loaded", checks));
        Console.WriteLine(Row("first resolution (loads LLamaSharp + llama.cpp)", firsts));
        Console.WriteLine(Row("second resolution, same process", seconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first / second: {Median(firsts) / Median(seconds):N0}×"));
    }

    /// <summary>Runs once in a fresh process: prints check, first and second resolution times in microseconds.</summary>
    public static void Child()
    {
        var directory = Directory.CreateTempSubdirectory("aide-lazy-").FullName;
        try
        {
            var path = TinyLlamaModel.Write(Path.Combine(directory, "tiny.gguf"));
            using var registry = new ProviderRegistry();
            LocalModelProvider.Register(registry, new ModelStore(directory));
            var provider = new ProviderSettings(ProviderKind.Local, path);

            var started = Stopwatch.GetTimestamp();
            var available = registry.CheckAvailability(provider).IsAvailable;
            var check = Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            _ = registry.Resolve(ProviderKind.Local);
            var first = Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            _ = registry.Resolve(ProviderKind.Local);
            var second = Stopwatch.GetElapsedTime(started);
            if (!available)
            {
                throw new InvalidOperationException("the local provider is not available");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{check.TotalMicroseconds:F2} {first.TotalMicroseconds:F2} {second.TotalMicroseconds:F3}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Row(string what, List<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{what,-50} {Median(values),12:N2} µs  ({values.Min():N2}–{values.Max():N2})");
}
