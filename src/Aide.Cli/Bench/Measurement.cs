
namespace Aide.Cli.Bench;

/// <summary>
/// A measured quantity: the median of its samples, with their spread. <see cref="SpreadPercent"/> is the median
/// absolute deviation relative to the median, a spread measure a few outliers on a busy machine do not blow up.
/// </summary>
internal sealed record Measurement(string Unit, double Median, double P25, double P75, double Min, double Max, double SpreadPercent, bool Stable, double[] Samples)
{
    public static Measurement Of(string unit, IReadOnlyCollection<double> samples, bool stable)
    {
        var sorted = samples.Order().ToArray();
        var median = Percentile(sorted, 0.5);
        var deviations = sorted.Select(s => Math.Abs(s - median)).Order().ToArray();
        var spread = median == 0 ? 0 : 100 * Percentile(deviations, 0.5) / median;
        return new Measurement(unit, median, Percentile(sorted, 0.25), Percentile(sorted, 0.75), sorted[0], sorted[^1], spread, stable, [.. samples]);
    }

    /// <summary>Linear interpolation between the closest ranks (what spreadsheets call PERCENTILE.INC).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
