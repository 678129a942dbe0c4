using System.Diagnostics;
using System.Text.Json;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>
/// <c>aide bench</c> as a user runs it: the validation table as JSON, and the HTML page opened in headless Chromium.
/// Timing figures are not asserted (they belong to benchmarks, not tests); what is asserted is that every check runs
/// and reports a value with its spread, and that the yes/no checks (events, loading nothing) pass.
/// </summary>
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string[] Rows = ["events", "event-publish", "startup", "compression", "serialization", "append", "async-timer", "scheduler", "cache-hit", "cached-ask", "pipeline", "lazy-loading", "availability", "gateway-overhead", "gateway-throughput", "gateway-cached", "gateway-memory"];
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Quick_run_reports_every_check_with_target_measurement_spread_and_samples()
    {
        var result = await AideProcess.RunAsync(_home, "bench", "--quick", "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;

        // A failed check is a failed run (issue 28); a Debug build misses the native build's start-up targets.
        Assert.True(result.ExitCode == (root.GetProperty("failed").GetInt32() > 0 ? 5 : 0), result.ToString());
        var checks = root.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(Rows, checks.Select(c => c.GetProperty("id").GetString()));
        Assert.All(checks, c =>
        {
            foreach (var field in (string[])["name", "report", "target", "measured", "spread"])
            {
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty(field).GetString()), $"{c.GetProperty("id")}: {field} is empty");
            }

            Assert.DoesNotContain("error:", c.GetProperty("measured").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(checks.Count(c => c.GetProperty("passed").GetBoolean()), root.GetProperty("passed").GetInt32());
        Assert.Equal(checks.Count, root.GetProperty("passed").GetInt32() + root.GetProperty("failed").GetInt32());
        Assert.True(root.GetProperty("machine").GetProperty("logicalCores").GetInt32() > 0);

        var events = checks.Single(c => c.GetProperty("id").GetString() == "events");
        Assert.True(events.GetProperty("passed").GetBoolean(), events.ToString());
        Assert.Equal($"{Aide.Events.EventCatalog.All.Count} of {Aide.Events.EventCatalog.All.Count} published", events.GetProperty("measured").GetString());
        var availability = checks.Single(c => c.GetProperty("id").GetString() == "availability");
        Assert.True(availability.GetProperty("passed").GetBoolean(), availability.ToString());

        var scheduler = checks.Single(c => c.GetProperty("id").GetString() == "scheduler").GetProperty("charts")[0];
        Assert.Equal("histogram", scheduler.GetProperty("kind").GetString());
        Assert.True(scheduler.GetProperty("values").GetArrayLength() >= 20, "a one-second run at 20 ms ticks about 50 times");
        var codecs = checks.Single(c => c.GetProperty("id").GetString() == "compression").GetProperty("charts")[0];
        Assert.Equal(["LZ4-1", "Zstd-1", "GZip-6", "LZ4-1", "Zstd-1", "GZip-6"], codecs.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.All(codecs.GetProperty("values").EnumerateArray(), v => Assert.True(v.GetDouble() > 0));
    }

    [Fact]
    public async Task Html_page_is_private_self_contained_and_renders_its_charts_in_headless_chromium()
    {
        var page = Path.Combine(_home.Root, "bench.html");
        var result = await AideProcess.RunAsync(_home, "bench", "--quick", "--only", "compression,scheduler,cache-hit", "--html", page, "--no-fail");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Charts: " + page, result.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(page));
        var html = await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken);
        foreach (var external in (string[])["http:", "https:", "src=", "href=", "url(", "@import"])
        {
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        }

        var chromium = HeadlessBrowser.FindExecutable();
        if (chromium is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("AIDE_REQUIRE_BROWSER") == "1", "AIDE_REQUIRE_BROWSER=1 but no Chromium was found (set AIDE_CHROMIUM).");
            Assert.Skip("Chromium is not installed (.ci/run installs Debian's chromium package).");
        }

        var dom = await RunChromiumAsync(chromium, "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.Contains("<table id=\"results\">", dom, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(dom, "<tr data-check="));
        Assert.Contains("data-chart=\"scheduler\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"cache-hit\"", dom, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(dom, "data-chart=\"compression\""));
        Assert.True(CountOf(dom, "<rect class=\"bar\"") >= 10, dom);

        // A screenshot proves the page paints; a blank page of this size compresses to a few hundred bytes.
        var png = Path.Combine(_home.Root, "bench.png");
        await RunChromiumAsync(chromium, $"--screenshot={png}", "--window-size=1200,2000", new Uri(page).AbsoluteUri);
        Assert.True(new FileInfo(png).Length > 20_000, $"screenshot of {new FileInfo(png).Length} bytes");
    }

    [Fact]
    public async Task Unknown_check_is_a_usage_error_that_lists_the_checks()
    {
        var result = await AideProcess.RunAsync(_home, "bench", "--only", "warp-speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown check 'warp-speed'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("scheduler", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_into_a_missing_folder_fails_before_measuring()
    {
        var result = await AideProcess.RunAsync(_home, "bench", "--html", Path.Combine(_home.Root, "nowhere", "bench.html"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("events:", result.Stderr, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Headless Chromium as the machine's notes prescribe: no sandbox as root, no GPU, no background network, a fresh profile.</summary>
    private static async Task<string> RunChromiumAsync(string chromium, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("aide-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. args])
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await error}");
            return await output;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
