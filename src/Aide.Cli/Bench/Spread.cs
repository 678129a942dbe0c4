using System.Globalization;

namespace Aide.Cli.Bench;

/// <summary>Formats how much repeated samples varied, for the table's spread column.</summary>
internal static class Spread
{
    /// <summary>The largest relative spread of the measurements, and whether each settled within the tolerance.</summary>
    public static string Of(params Measurement[] measurements)
    {
        var worst = measurements.Max(m => m.SpreadPercent);
        var samples = measurements.Sum(m => m.Samples.Length);
        var unstable = measurements.Count(m => !m.Stable);
        return string.Create(CultureInfo.InvariantCulture, $"±{worst:0.0} % ({samples} samples{(unstable > 0 ? $", {unstable} not settled" : string.Empty)})");
    }
}
