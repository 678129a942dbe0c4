
namespace Aide.Cli.Bench;

/// <summary>How long <c>aide bench</c> measures: the full run, or <c>--quick</c> for a smoke run (same checks, fewer samples).</summary>
internal sealed record BenchOptions(
    TimeSpan WarmUp,
    TimeSpan BatchTarget,
    int MinimumSamples,
    int MaximumSamples,
    TimeSpan TimeBudget,
    double Tolerance,
    int ProcessRuns,
    TimeSpan SchedulerDuration,
    int Appends)
{
    /// <summary>About a minute on a 2-core machine.</summary>
    public static BenchOptions Full { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(5), 15, 400, TimeSpan.FromSeconds(3), 0.03, 20, TimeSpan.FromSeconds(10), 2_000);

    /// <summary>A few seconds: for trying the command and for tests; the figures are rougher.</summary>
    public static BenchOptions Quick { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(1), 5, 40, TimeSpan.FromMilliseconds(300), 0.10, 5, TimeSpan.FromSeconds(1), 200);
}
