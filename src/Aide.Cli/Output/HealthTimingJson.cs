namespace Aide.Cli.Output;

/// <summary>What <c>aide health --timing --json</c> prints: tick lateness in milliseconds and the CPU cost.</summary>
internal sealed record HealthTimingJson(
    string Clock,
    bool PriorityRaised,
    double PeriodMs,
    double Seconds,
    int Ticks,
    long Skipped,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MinMs,
    double MeanMs,
    double DriftMs,
    double CpuPercent,
    int GarbageCollections);
