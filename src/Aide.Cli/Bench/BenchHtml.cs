using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Aide.Cli.Output;

namespace Aide.Cli.Bench;

/// <summary>
/// <c>aide bench --html FILE</c>: one self-contained page (inline CSS and SVG, no script, no fetches) with the
/// results table and a chart per measurement: latency histograms, the scheduler's lateness distribution and the codec
/// comparison. Drawn by hand because a chart library would mean JavaScript from a CDN or megabytes inlined.
/// </summary>
internal static class BenchHtml
{
    private const int Width = 640;
    private const int Bins = 30;
    private static readonly string[] Palette = ["#3b6ea8", "#d08a2e", "#4a9a5b", "#a34d7c", "#6a6a6a"];

    public static string Render(BenchReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>aide bench ").Append(Text(report.Date.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}table{border-collapse:collapse;width:100%}")
            .Append("td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}.pass{color:#2a7a3a;font-weight:600}.fail{color:#b3261e;font-weight:600}")
            .Append("figure{display:inline-block;margin:1em 1em 0 0}figcaption{font-weight:600;margin-bottom:4px}svg text{font:11px system-ui,sans-serif;fill:#333}.note{color:#555;font-size:12px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>aide bench</h1><p>").Append(Text($"{report.Passed} of {report.Passed + report.Failed} checks passed · {report.Date:yyyy-MM-dd HH:mm} UTC · {report.Machine} · aide {report.Version} · {report.Mode} run"))
            .Append("</p>\n<table id=\"results\"><thead><tr><th>Check</th><th>Design report</th><th>Aide target</th><th>Measured</th><th>Spread</th><th>Result</th></tr></thead><tbody>\n");
        foreach (var check in report.Checks)
        {
            html.Append("<tr data-check=\"").Append(Text(check.Id)).Append("\"><td>").Append(Text(check.Name)).Append("</td><td>").Append(Text(check.Report))
                .Append("</td><td>").Append(Text(check.Target)).Append("</td><td>").Append(Text(check.Measured))
                .Append(check.Note is null ? string.Empty : "<div class=\"note\">" + Text(check.Note) + "</div>")
                .Append("</td><td>").Append(Text(check.Spread)).Append("</td><td class=\"").Append(check.Passed ? "pass\">pass" : "fail\">fail").Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n<h2>Charts</h2>\n").Append(Charts(report));

        // The figures again as JSON, for anyone who wants to re-plot them (STJ escapes '<', so this cannot close the element).
        html.Append("<script type=\"application/json\" id=\"aide-bench-data\">")
            .Append(JsonSerializer.Serialize(report, CliJsonContext.Default.BenchReport)).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>Every check's charts as figures of inline SVG (also the dashboard's benchmarks panel), every text escaped.</summary>
    public static string Charts(BenchReport report)
    {
        var html = new StringBuilder();
        foreach (var chart in report.Checks.SelectMany(c => c.Charts.Select(chart => (c.Id, chart))))
        {
            html.Append("<figure data-chart=\"").Append(Text(chart.Id)).Append("\"><figcaption>").Append(Text(chart.chart.Title)).Append("</figcaption>")
                .Append(chart.chart.Kind == "histogram" ? Histogram(chart.chart) : Bars(chart.chart)).Append("</figure>\n");
        }

        return html.ToString();
    }

    /// <summary>Samples binned between the minimum and the 99th percentile; anything beyond goes into a last, marked bin.</summary>
    internal static string Histogram(BenchChart chart)
    {
        const int Height = 180;
        const int Left = 40;
        const int Bottom = 30;
        var values = chart.Values;
        if (values.Length == 0)
        {
            return "<p class=\"note\">no samples</p>";
        }

        var sorted = values.Order().ToArray();
        var low = sorted[0];
        var high = Math.Max(Measurement.Percentile(sorted, 0.99), low + 1e-9);
        var counts = new int[Bins + 1];
        foreach (var v in values)
        {
            counts[v > high ? Bins : Math.Min((int)((v - low) / (high - low) * Bins), Bins - 1)]++;
        }

        var max = counts.Max();
        var barWidth = (Width - Left - 10) / (double)(Bins + 1);
        var svg = Svg(Width, Height + Bottom, $"Histogram of {values.Length} samples");
        for (var i = 0; i <= Bins; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var h = (Height - 10) * counts[i] / (double)max;
            var from = low + (i * (high - low) / Bins);
            var label = i == Bins ? $"> {Number(high)} {chart.Unit}: {counts[i]}" : $"{Number(from)}–{Number(from + ((high - low) / Bins))} {chart.Unit}: {counts[i]}";
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Left + (i * barWidth):0.#}\" y=\"{Height - h:0.#}\" width=\"{Math.Max(barWidth - 1, 1):0.#}\" height=\"{h:0.#}\" fill=\"{(i == Bins ? Palette[1] : Palette[0])}\"><title>{Text(label)}</title></rect>");
        }

        var median = Measurement.Percentile(sorted, 0.5);
        var mx = Left + ((median - low) / (high - low) * Bins * barWidth);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{mx:0.#}\" x2=\"{mx:0.#}\" y1=\"0\" y2=\"{Height}\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{mx + 4:0.#}\" y=\"12\">median {Text(Number(median))} {Text(chart.Unit)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 10}\" y1=\"{Height}\" y2=\"{Height}\" stroke=\"#333\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height + 16}\">{Text(Number(low))}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 10}\" y=\"{Height + 16}\" text-anchor=\"end\">{Text(Number(high))} {Text(chart.Unit)} (p99; beyond: last bar)</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"12\">{max}</text>")
            .Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Horizontal bars, one per label, coloured by group when the chart has groups.</summary>
    internal static string Bars(BenchChart chart)
    {
        const int Row = 22;
        const int Left = 200;
        var labels = chart.Labels ?? [];
        var groups = chart.Groups?.Distinct().ToArray() ?? [];
        var max = chart.Values.DefaultIfEmpty(1).Max();
        var height = (labels.Length * Row) + (groups.Length > 0 ? Row : 0) + 10;
        var svg = Svg(Width, height, chart.Title);
        for (var i = 0; i < labels.Length; i++)
        {
            var value = chart.Values[i];
            var group = chart.Groups?[i];
            var label = group is null ? labels[i] : $"{labels[i]} ({group})";
            var w = max <= 0 ? 0 : (Width - Left - 90) * value / max;
            var color = Palette[group is null ? 0 : Array.IndexOf(groups, group) % Palette.Length];
            var y = i * Row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Text(label)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Left}\" y=\"{y + 3}\" width=\"{Math.Max(w, 1):0.#}\" height=\"{Row - 6}\" fill=\"{color}\"><title>{Text($"{label}: {Number(value)} {chart.Unit}")}</title></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + w + 6:0.#}\" y=\"{y + 15}\">{Text(Number(value))} {Text(chart.Unit)}</text>");
        }

        for (var g = 0; g < groups.Length; g++)
        {
            var y = (labels.Length * Row) + 6;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + (g * 120)}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Palette[g % Palette.Length]}\"/><text x=\"{Left + (g * 120) + 16}\" y=\"{y + 10}\">{Text(groups[g])}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Svg(int width, int height, string label) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Text(label)}\">");

    private static string Number(double value) => value switch
    {
        >= 100 or 0 => value.ToString("N0", CultureInfo.InvariantCulture),
        _ when value == Math.Floor(value) => value.ToString("N0", CultureInfo.InvariantCulture), // counts: "6", not "6.00"
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 0.1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };

    private static string Text(string text) => WebUtility.HtmlEncode(text);
}
