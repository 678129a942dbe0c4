
namespace Aide.Cli.Bench;

/// <summary>
/// Chart data for the HTML page: a <c>histogram</c> of raw samples (<see cref="Values"/>), or <c>bars</c> (one
/// value per label, grouped by <see cref="Groups"/> when a label has several values, e.g. compress and decompress).
/// </summary>
internal sealed record BenchChart(string Title, string Kind, string Unit, double[] Values, string[]? Labels = null, string[]? Groups = null)
{
    public static BenchChart Histogram(string title, string unit, double[] samples) => new(title, "histogram", unit, samples);

    public static BenchChart Bars(string title, string unit, string[] labels, double[] values, string[]? groups = null) => new(title, "bars", unit, values, labels, groups);
}
