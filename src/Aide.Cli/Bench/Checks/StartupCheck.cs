using System.Globalization;

namespace Aide.Cli.Bench.Checks;

/// <summary>Start-up time: wall time of <c>aide --version</c> and <c>aide --help</c> in fresh processes, from start to exit.</summary>
internal static class StartupCheck
{
    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var runs = context.Options.ProcessRuns;
        var version = await context.Sampler.RepeatAsync("ms", async () => (await SelfProcess.RunAsync(context.CancellationToken, "--version")).Wall.TotalMilliseconds, minimum: runs, maximum: runs * 2);
        var help = await context.Sampler.RepeatAsync("ms", async () => (await SelfProcess.RunAsync(context.CancellationToken, "--help")).Wall.TotalMilliseconds, minimum: runs, maximum: runs * 2);
        return new BenchCheck(
            "startup",
            "Start-up time",
            "event import 101 ms (initial), startup 'reduced'",
            "aide --version and --help ≤ 10 ms (median)",
            string.Create(CultureInfo.InvariantCulture, $"--version {version.Median:0.0} ms, --help {help.Median:0.0} ms"),
            version.Median <= 10 && help.Median <= 10,
            Spread.Of(version, help),
            [BenchChart.Histogram("aide --version, wall time per process", "ms", version.Samples)],
            SelfProcess.IsNativeAot ? null : "This is a JIT build (e.g. dotnet run): the target is for the published native binary (see README, Install).");
    }
}
