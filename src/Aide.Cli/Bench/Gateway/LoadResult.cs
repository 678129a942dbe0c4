namespace Aide.Cli.Bench.Gateway;

/// <summary>One load run: its length, failures, and each answered request's time to the end and to the first byte (ms, sorted).</summary>
internal sealed record LoadResult(TimeSpan Elapsed, int Errors, double[] TotalMs, double[] FirstByteMs)
{
    public double RequestsPerSecond => TotalMs.Length / Elapsed.TotalSeconds;

    public static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
