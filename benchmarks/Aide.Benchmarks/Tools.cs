using System.Globalization;

namespace Aide.Benchmarks;

/// <summary>
/// What BenchmarkDotNet cannot measure, by name: tail latencies over thousands of single operations, child processes
/// (start-up, lazy loading), CPU over minutes, and the CI regression guard over BenchmarkDotNet's own runs. Everything
/// else is a [Benchmark] class run by <c>BenchmarkSwitcher</c>.
/// </summary>
internal static class Tools
{
    private static readonly Dictionary<string, (string Usage, Func<string[], Task<int>> Run)> Named = new(StringComparer.Ordinal)
    {
        ["append-latency"] = ("[appends=2000]  durable append p50/p99 (aide bench's appends)", async a =>
        {
            await AppendLatency.RunAsync(Count(a, 2000));
            return 0;
        }),
        ["cache-ratios"] = ("  compression ratio of each codec on chat JSON", _ =>
        {
            CacheBenchmarks.PrintRatios();
            return Task.FromResult(0);
        }),
        ["health-cost"] = ("[seconds=120]  CPU the health monitor costs while idle", async a =>
        {
            await HealthCost.RunAsync(Count(a, 120));
            return 0;
        }),
        ["lazy-load"] = ("[runs=20]  what loading each provider kind costs a fresh process", async a =>
        {
            await LazyLoading.RunAsync(Count(a, 20));
            return 0;
        }),
        ["lazy-load-child"] = ("  (the child process of lazy-load)", _ =>
        {
            LazyLoading.Child();
            return Task.FromResult(0);
        }),
        ["mcp-startup"] = ("[runs=10]  what starting a stdio MCP server (tests/Aide.McpTestServer) costs the first turn that needs its tools", async a =>
        {
            await McpStartup.RunAsync(Count(a, 10));
            return 0;
        }),
        ["usage-ledger"] = ("DIR [turns=100000]  a history store with that many recorded turns, for timing aide usage (XDG_DATA_HOME=DIR/data)", a =>
            UsageLedgerFile.RunAsync(a[0], a.Length > 1 ? int.Parse(a[1], CultureInfo.InvariantCulture) : 100_000)),
        ["write-tiny-model"] = ("PATH  writes the tests' tiny GGUF model", a =>
        {
            Aide.Testing.TinyLlamaModel.Write(a[0]);
            return Task.FromResult(0);
        }),
        ["startup"] = ("RUNS COMMAND...  wall time of whole processes", async a =>
        {
            await StartupTime.RunAsync(int.Parse(a[0], CultureInfo.InvariantCulture), a[1..]);
            return 0;
        }),
        ["guard"] = ("[--update] [--ratios FILE]  CI's regression guard (ratios against benchmarks/guard-ratios.json)", a =>
        {
            var ratios = Path.Combine(Directory.GetCurrentDirectory(), "benchmarks", "guard-ratios.json"); // run from the repository root
            var source = a.SkipWhile(x => x != "--ratios").Skip(1).FirstOrDefault() ?? ratios;
            return Task.FromResult(RegressionGuard.Run(source, update: a.Contains("--update")));
        }),
    };

    /// <summary>Finds the tool <paramref name="args"/> names first, if any.</summary>
    public static Func<Task<int>>? Find(string[] args) =>
        args.Length > 0 && Named.TryGetValue(args[0], out var tool) ? () => tool.Run(args[1..]) : null;

    /// <summary>The tools' usage, for <c>--help</c>.</summary>
    public static IEnumerable<string> Usage() => Named.Select(t => $"  {t.Key} {t.Value.Usage}");

    private static int Count(string[] args, int fallback) => args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : fallback;
}
