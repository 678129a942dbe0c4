using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Aide.Benchmarks;

/// <summary>
/// The CI regression guard (<c>-- guard</c>): a short in-process run of the key benchmarks, each compared as a ratio
/// to its baseline in the same run, against the ratios committed in <c>benchmarks/guard-ratios.json</c>. Only a
/// ratio more than <see cref="Margin"/> times its committed value fails: absolute times are never compared, and a
/// busy 2-core machine slows a benchmark and its baseline alike. <c>-- guard --update</c> rewrites the file from one
/// run; the committed values are the largest of several runs (see README, Benchmarks).
/// </summary>
internal static class RegressionGuard
{
    /// <summary>How much worse than committed a ratio may get before the guard fails.</summary>
    public const double Margin = 2.0;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Dictionary<Type, string[]> Keys = new()
    {
        [typeof(EventBusBenchmarks)] = [nameof(EventBusBenchmarks.LockList_no_subscriber), nameof(EventBusBenchmarks.Bus_no_subscriber), nameof(EventBusBenchmarks.LockList_one_sync), nameof(EventBusBenchmarks.Bus_one_sync), nameof(EventBusBenchmarks.LockList_four_handlers_inline), nameof(EventBusBenchmarks.Bus_four_async_end_to_end)],
        [typeof(CacheBenchmarks)] = [nameof(CacheBenchmarks.CopyAnswer), nameof(CacheBenchmarks.MemoryHit), nameof(CacheBenchmarks.DiskHitLz4), nameof(CacheBenchmarks.FilePerEntry), nameof(CacheBenchmarks.SqliteRow), nameof(CacheBenchmarks.Lz4Raw), nameof(CacheBenchmarks.Lz4Entry), nameof(CacheBenchmarks.Lz4RawDecode), nameof(CacheBenchmarks.Lz4EntryDecode), nameof(CacheBenchmarks.BareInsert), nameof(CacheBenchmarks.DiskStoreLz4)],
        [typeof(ConversationBenchmarks)] = [nameof(ConversationBenchmarks.SourceGeneratedJsonWrite), nameof(ConversationBenchmarks.MessagePackWrite), nameof(ConversationBenchmarks.Utf8Encode), nameof(ConversationBenchmarks.CountTokens)],
        [typeof(ChatPipelineBenchmarks)] = [nameof(ChatPipelineBenchmarks.Bare_provider_response), nameof(ChatPipelineBenchmarks.Aide_pipeline_response), nameof(ChatPipelineBenchmarks.Aide_pipeline_stream)],
    };

    /// <summary>
    /// Benchmarks guarded against another benchmark than their category's baseline, one that does the same kind of work.
    /// A disk hit is SQLite calls into the kernel (locks, reads) plus a checksum and a decode: against a 4 KB copy its
    /// ratio followed the machine's system-call cost (14× one day, 27-33× another on the same code); against a bare
    /// SQLite read of the same row it measures what Aide adds.
    /// </summary>
    private static readonly Dictionary<string, string> OwnBaselines = new()
    {
        [$"{nameof(CacheBenchmarks)}.{nameof(CacheBenchmarks.DiskHitLz4)}"] = nameof(CacheBenchmarks.SqliteRow),
    };

    /// <summary>
    /// Runs of a class in which a ratio looked like a regression, at most, before it counts as one. The async rows
    /// swing between runs on a 2-core VM (four async subscribers: 2.2× to 10.9× their inline baseline, same code), so
    /// one slow run must be confirmed: a real regression repeats, noise does not.
    /// </summary>
    public const int Confirmations = 2;

    public static int Run(string ratiosPath, bool update)
    {
        var measured = Measure(Keys.Keys);

        if (update)
        {
            var rounded = measured.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => Math.Round(r.Value, 3));
            File.WriteAllText(ratiosPath, JsonSerializer.Serialize(rounded, Indented) + "\n");
            Console.WriteLine($"Wrote {rounded.Count} ratios to {ratiosPath}.");
            return 0;
        }

        var committed = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(ratiosPath))!;
        for (var run = 0; run < Confirmations; run++)
        {
            // Classes with a ratio over its limit run again; each ratio keeps its best run.
            var suspect = committed.Where(c => !measured.TryGetValue(c.Key, out var ratio) || ratio > c.Value * Margin)
                .Select(c => Keys.Keys.FirstOrDefault(t => c.Key.StartsWith(t.Name + ".", StringComparison.Ordinal)))
                .OfType<Type>().Distinct().ToList();
            if (suspect.Count == 0)
            {
                break;
            }

            Console.WriteLine($"Regression guard: confirming {string.Join(", ", suspect.Select(t => t.Name))} with another run.");
            foreach (var (name, ratio) in Measure(suspect))
            {
                measured[name] = measured.TryGetValue(name, out var before) ? Math.Min(before, ratio) : ratio;
            }
        }

        var failures = 0;
        Console.WriteLine();
        Console.WriteLine($"Regression guard: each ratio to its in-run baseline, against {Path.GetFileName(ratiosPath)}; fails above {Margin}× the committed ratio.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"benchmark",-58} {"committed",10} {"measured",10} {"limit",10}  result"));
        foreach (var (name, expected) in committed.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!measured.TryGetValue(name, out var ratio))
            {
                Console.WriteLine($"{name,-58} {expected,10:0.000} {"missing",10} {"",10}  FAIL (no result: renamed, failed or not run)");
                failures++;
                continue;
            }

            var ok = ratio <= expected * Margin;
            failures += ok ? 0 : 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-58} {expected,10:0.000} {ratio,10:0.000} {expected * Margin,10:0.000}  {(ok ? "ok" : "REGRESSION")}"));
        }

        Console.WriteLine(failures == 0 ? "Regression guard: no large regression." : $"Regression guard: {failures} benchmark(s) regressed beyond {Margin}× (or gave no result).");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Each non-baseline benchmark's mean over its logical group's baseline mean.</summary>
    /// <summary>Runs the guarded benchmarks of <paramref name="types"/> once, in-process, and returns each ratio to its baseline.</summary>
    private static Dictionary<string, double> Measure(IEnumerable<Type> types)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(200)).WithId("Guard");
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddFilter(new SimpleFilter(b => Keys.TryGetValue(b.Descriptor.Type, out var methods) && methods.Contains(b.Descriptor.WorkloadMethod.Name)))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summaries = BenchmarkRunner.Run([.. types], config);
        return summaries.SelectMany(Ratios).ToDictionary(r => r.Name, r => r.Ratio);
    }

    private static IEnumerable<(string Name, double Ratio)> Ratios(Summary summary)
    {
        foreach (var report in summary.Reports)
        {
            var benchmark = report.BenchmarkCase;
            if (summary.IsBaseline(benchmark) || report.ResultStatistics is null)
            {
                continue;
            }

            var name = $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}";
            var group = summary.GetLogicalGroupKey(benchmark);
            var baseline = OwnBaselines.TryGetValue(name, out var own)
                ? summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Type == benchmark.Descriptor.Type && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == own)
                : summary.Reports.FirstOrDefault(r => summary.IsBaseline(r.BenchmarkCase) && summary.GetLogicalGroupKey(r.BenchmarkCase) == group);
            if (baseline?.ResultStatistics is { Mean: > 0 } stats)
            {
                yield return (own is null ? name : $"{name} vs {own}", report.ResultStatistics.Mean / stats.Mean);
            }
        }
    }
}
