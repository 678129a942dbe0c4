using Aide.Cli.Bench;

namespace Aide.Cli.Tests;

/// <summary>The bench's statistics, its stop-when-stable rule and its chart drawing, on fixed data.</summary>
public sealed class BenchUnitTests
{
    [Fact]
    public void Measurement_reports_median_quartiles_and_a_spread_that_outliers_do_not_blow_up()
    {
        var m = Measurement.Of("ns", [10, 11, 9, 10, 10, 12, 8, 10, 1000], stable: true);

        Assert.Equal(10, m.Median);
        Assert.Equal(10, m.P25);
        Assert.Equal(11, m.P75);
        Assert.Equal(8, m.Min);
        Assert.Equal(1000, m.Max);
        Assert.Equal(10, m.SpreadPercent); // median absolute deviation 1 of median 10, despite the 1000
    }

    [Fact]
    public void Percentile_interpolates_between_ranks()
    {
        Assert.Equal(2.5, Measurement.Percentile([1, 2, 3, 4], 0.5));
        Assert.Equal(4, Measurement.Percentile([1, 2, 3, 4], 1));
        Assert.True(double.IsNaN(Measurement.Percentile([], 0.5)));
    }

    [Fact]
    public void Samples_are_stable_when_the_latest_window_agrees_within_the_tolerance()
    {
        List<double> settled = [100, 50, 30, 20, 10.1, 10, 9.9, 10, 10.2];
        List<double> drifting = [10, 11, 12, 13, 14, 15, 16, 17];

        Assert.True(StableSampler.IsStable(settled, window: 5, tolerance: 0.03));
        Assert.False(StableSampler.IsStable(drifting, window: 5, tolerance: 0.03)); // still falling as the JIT tiers up, say
    }

    [Fact]
    public async Task Repeat_stops_at_the_minimum_once_stable_and_goes_on_while_unstable()
    {
        var options = BenchOptions.Full with { TimeBudget = TimeSpan.FromHours(1) };
        var sampler = new StableSampler(options);

        var calls = 0;
        var steady = await sampler.RepeatAsync("ms", () => Task.FromResult(5.0 + (++calls % 2 * 0.01)), minimum: 10, maximum: 100);
        Assert.Equal(10, steady.Samples.Length);
        Assert.True(steady.Stable);

        calls = 0;
        var noisy = await sampler.RepeatAsync("ms", () => Task.FromResult(++calls % 2 == 0 ? 1.0 : 100.0), minimum: 10, maximum: 30);
        Assert.Equal(30, noisy.Samples.Length);
        Assert.False(noisy.Stable);
    }

    [Fact]
    public void Histogram_bins_up_to_the_99th_percentile_and_puts_the_rest_in_a_marked_last_bar()
    {
        double[] samples = [.. Enumerable.Range(0, 995).Select(i => 1 + (i % 10 * 0.1)), .. Enumerable.Repeat(50.0, 5)];

        var svg = BenchHtml.Histogram(BenchChart.Histogram("lateness", "ms", samples));

        Assert.StartsWith("<svg ", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg, StringComparison.Ordinal);
        Assert.Contains("&gt; 1.90 ms: 5", svg, StringComparison.Ordinal); // the five 50 ms outliers, beyond p99
        Assert.Contains("median 1.45 ms", svg, StringComparison.Ordinal);
        Assert.Equal(11, svg.Split("<rect class=\"bar\"").Length - 1); // ten values plus the overflow bar
    }

    [Fact]
    public void Text_from_results_is_escaped_and_the_page_embeds_its_data_without_closing_the_script()
    {
        var check = new BenchCheck("x", "<script>alert(1)</script>", "r", "t", "m </script> m", true, "±1 %", [BenchChart.Bars("codecs", "MB/s", ["<b>lz4</b>"], [1])]);
        var report = new BenchReport("1.0", DateTimeOffset.UnixEpoch, new BenchMachine("os", "cpu", 2, ".NET", "JIT"), "quick", 1, 0, [check]);

        var html = BenchHtml.Render(report);

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>lz4", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("</script>").Length - 1); // only the data block's own end tag
        var data = html[(html.IndexOf("id=\"aide-bench-data\">", StringComparison.Ordinal) + 21)..html.LastIndexOf("</script>", StringComparison.Ordinal)];
        using var json = System.Text.Json.JsonDocument.Parse(data);
        Assert.Equal("m </script> m", json.RootElement.GetProperty("checks")[0].GetProperty("measured").GetString());
    }
}
