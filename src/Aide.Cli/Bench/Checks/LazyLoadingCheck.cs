using System.Globalization;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Models;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Lazy loading of the local model runtime (LLamaSharp + llama.cpp): the availability check that loads nothing, the
/// first resolution that loads it (one-time, so each sample is a fresh <c>aide</c> process), and cached resolutions.
/// </summary>
internal static class LazyLoadingCheck
{
    public const string ProbeName = "first-resolution";

    public static async Task<BenchCheck[]> RunAsync(BenchContext context)
    {
        var store = new ModelStore(AidePaths.Resolve(context.Console.Environment).ModelsDirectory);
        var models = store.List();
        var model = models.Count > 0 ? models[0] : null;
        var provider = new ProviderSettings(ProviderKind.Local, model?.Path ?? Path.Combine(context.NewFolder("models"), "absent.gguf"));
        using var registry = ChatRuntime.CreateRegistry(context.Console, loggerFactory: null);

        var check = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                registry.CheckAvailability(provider);
            }
        });
        var loadedByCheck = registry.IsLoaded(ProviderKind.Local) || NativeLibraryMapped();
        var availability = new BenchCheck(
            "availability",
            "Availability check without loading",
            "module availability checking (passed)",
            "checks the local runtime and model file, loads neither",
            string.Create(CultureInfo.InvariantCulture, $"{check.Median / 1e3:0.0} µs per check; runtime loaded afterwards: {(loadedByCheck ? "yes" : "no")}"),
            !loadedByCheck,
            Spread.Of(check),
            [],
            model is null ? "No model pulled: the check ran against a missing file (it still checks the native runtime files)." : $"Checked {model.Name}.");

        var first = await context.Sampler.RepeatAsync(
            "ms",
            async () => double.Parse((await SelfProcess.RunAsync(context.CancellationToken, "bench", "--probe", ProbeName)).Output.Trim(), CultureInfo.InvariantCulture) / 1e3,
            minimum: Math.Max(3, context.Options.ProcessRuns / 2),
            maximum: context.Options.ProcessRuns);
        registry.Resolve(ProviderKind.Local);
        var cached = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                registry.Resolve(ProviderKind.Local);
            }
        });
        var speedup = first.Median * 1e6 / cached.Median;
        var lazy = new BenchCheck(
            "lazy-loading",
            "Cached vs first provider resolution",
            "1,504× speedup for cached imports",
            "cached ≤ 100 ns and ≥ 1,504× faster than the first",
            string.Create(CultureInfo.InvariantCulture, $"first {first.Median:0.0} ms, cached {cached.Median:0.0} ns ({speedup:N0}×)"),
            cached.Median <= 100 && speedup >= 1_504,
            Spread.Of(first, cached),
            [BenchChart.Histogram("First resolution of the local runtime, fresh process", "ms", first.Samples)]);
        return [lazy, availability];
    }

    /// <summary>Runs in a fresh process (<c>aide bench --probe first-resolution</c>): prints the first resolution's time in microseconds.</summary>
    public static string Probe(CliConsole console)
    {
        using var registry = ChatRuntime.CreateRegistry(console, loggerFactory: null);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        registry.Resolve(ProviderKind.Local);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether llama.cpp's library is mapped into this process (Linux; elsewhere the registry's word is taken).</summary>
    private static bool NativeLibraryMapped() =>
        OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/maps").Contains("libllama", StringComparison.Ordinal);
}
