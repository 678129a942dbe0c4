using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aide.Cli.Bench.Gateway;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Issue 31's gateway targets, measured in one run: the same load against the loopback upstream directly and through
/// <c>aide serve</c> (a child process of this executable, in a scratch home, journal on as installed), interleaved so
/// a busy moment slows both. Overhead at a fixed 1,000 requests/s (cache off), throughput at concurrency 16 and 64,
/// time to the first byte of a streamed answer, cached answers at concurrency 64, and the gateway's resident set.
/// The load generator shares the machine's two cores with both servers, as a client on the same host would.
/// </summary>
internal static class GatewayCheck
{
    private const double Rate = 1_000;
    private static readonly byte[] Question = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"What does a gateway add?"}]}""");
    private static readonly byte[] Streamed = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"What does a gateway add?"}]}""");

    public static async Task<BenchCheck[]> RunAsync(BenchContext context)
    {
        var ct = context.CancellationToken;
        var phase = context.Options == BenchOptions.Quick ? TimeSpan.FromMilliseconds(400) : TimeSpan.FromSeconds(3);
        await using var upstream = await BenchUpstream.StartAsync(ct);
        var home = CachedAskCheck.ScratchHome(context.NewFolder("gateway"));
        await using var gateway = await GatewayProcess.StartAsync(home, upstream.BaseAddress, cache: false, ct);
        await using var cached = await GatewayProcess.StartAsync(home, upstream.BaseAddress, cache: true, ct);
        await using var bare = await GatewayProcess.StartPassthroughAsync(home, upstream.BaseAddress, ct);
        var direct = upstream.BaseAddress + "/chat/completions";

        // Overhead at a fixed rate, direct, through Aide and through the bare passthrough in turn, two rounds each.
        var (directPaced, gatewayPaced, barePaced) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
        var (directStream, gatewayStream, bareStream) = (new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>());
        for (var round = 0; round < 2; round++)
        {
            directPaced.Add(await LoadGenerator.RunAsync(direct, Question, 16, phase, Rate, ct));
            gatewayPaced.Add(await LoadGenerator.RunAsync(gateway.Url, Question, 16, phase, Rate, ct));
            barePaced.Add(await LoadGenerator.RunAsync(bare.Url, Question, 16, phase, Rate, ct));
            directStream.Add(await LoadGenerator.RunAsync(direct, Streamed, 16, phase, Rate, ct));
            gatewayStream.Add(await LoadGenerator.RunAsync(gateway.Url, Streamed, 16, phase, Rate, ct));
            bareStream.Add(await LoadGenerator.RunAsync(bare.Url, Streamed, 16, phase, Rate, ct));
        }

        var (d50, d99) = Percentiles(directPaced, r => r.TotalMs);
        var (g50, g99) = Percentiles(gatewayPaced, r => r.TotalMs);
        var (b50, b99) = Percentiles(barePaced, r => r.TotalMs);
        var (dFirst, _) = Percentiles(directStream, r => r.FirstByteMs);
        var (gFirst, _) = Percentiles(gatewayStream, r => r.FirstByteMs);
        var (bFirst, _) = Percentiles(bareStream, r => r.FirstByteMs);
        var overheadP50 = g50 - d50;
        var overheadP99 = g99 - d99;
        var firstByte = gFirst - dFirst;

        // Throughput, closed loop.
        var rows = new List<(string Label, double Direct, double Gateway)>();
        foreach (var (label, body, concurrency) in new[] { ("c16", Question, 16), ("c16 streamed", Streamed, 16), ("c64", Question, 64), ("c64 streamed", Streamed, 64) })
        {
            var d = await LoadGenerator.RunAsync(direct, body, concurrency, phase, null, ct);
            var g = await LoadGenerator.RunAsync(gateway.Url, body, concurrency, phase, null, ct);
            rows.Add((label, d.RequestsPerSecond, g.RequestsPerSecond));
        }

        var bareThroughput = await LoadGenerator.RunAsync(bare.Url, Question, 16, phase, null, ct);

        var share = rows[0].Gateway / rows[0].Direct;
        var hits = await LoadGenerator.RunAsync(cached.Url, Question, 64, phase, null, ct);
        var hitP99 = LoadResult.Percentile(hits.TotalMs, 0.99);
        var rss = Math.Max(gateway.ResidentMegabytes(), cached.ResidentMegabytes());
        var errors = directPaced.Concat(gatewayPaced).Concat(directStream).Concat(gatewayStream).Sum(r => r.Errors) + hits.Errors;

        return
        [
            new BenchCheck(
                "gateway-overhead",
                "aide serve overhead over the upstream at 1,000 requests/s (cache off)",
                "– (new)",
                "added p50 ≤ 0.3 ms, p99 ≤ 1 ms; streamed first byte ≤ 0.5 ms added",
                Invariant($"p50 +{overheadP50:0.000} ms, p99 +{overheadP99:0.000} ms (direct {d50:0.000}/{d99:0.000}, through Aide {g50:0.000}/{g99:0.000}); first byte +{firstByte:0.000} ms; {errors} errors; a bare Kestrel passthrough adds p50 +{b50 - d50:0.000} ms, p99 +{b99 - d99:0.000} ms, first byte +{bFirst - dFirst:0.000} ms"),
                overheadP50 <= 0.3 && overheadP99 <= 1 && firstByte <= 0.5 && errors == 0,
                Invariant($"{gatewayPaced.Sum(r => r.TotalMs.Length)} requests through Aide at {gatewayPaced.Average(r => r.RequestsPerSecond):0} rps"),
                [BenchChart.Histogram("Latency through aide serve at 1,000 requests/s", "ms", [.. gatewayPaced.SelectMany(r => r.TotalMs)]), BenchChart.Histogram("Latency direct at 1,000 requests/s", "ms", [.. directPaced.SelectMany(r => r.TotalMs)])]),
            new BenchCheck(
                "gateway-throughput",
                "aide serve throughput against the upstream directly (cache off, closed loop)",
                "– (new)",
                "at concurrency 16 at least half the upstream's requests/s",
                string.Join("; ", rows.Select(r => Invariant($"{r.Label} {r.Gateway:N0} vs {r.Direct:N0} rps ({r.Gateway / r.Direct:P0})")))
                    + Invariant($"; bare Kestrel passthrough c16 {bareThroughput.RequestsPerSecond:N0} rps ({bareThroughput.RequestsPerSecond / rows[0].Direct:P0})"),
                share >= 0.5,
                "–",
                [BenchChart.Bars("Requests per second", "rps", [.. rows.SelectMany(r => new[] { r.Label + " direct", r.Label + " aide" })], [.. rows.SelectMany(r => new[] { r.Direct, r.Gateway })])]),
            new BenchCheck(
                "gateway-cached",
                "aide serve answering from the cache at concurrency 64",
                "– (new)",
                "≥ 10,000 requests/s, p99 ≤ 2 ms",
                Invariant($"{hits.RequestsPerSecond:N0} rps, p50 {LoadResult.Percentile(hits.TotalMs, 0.5):0.000} ms, p99 {hitP99:0.000} ms"),
                hits.RequestsPerSecond >= 10_000 && hitP99 <= 2 && hits.Errors == 0,
                "–",
                [BenchChart.Histogram("Cached answers through aide serve, c64", "ms", hits.TotalMs)]),
            new BenchCheck(
                "gateway-memory",
                "aide serve resident set after this check's load",
                "– (new)",
                "≤ 100 MB (10-minute, 1M-request run: eng/gateway-soak.sh)",
                Invariant($"{rss:0.0} MB"),
                rss <= 100,
                "–",
                [],
                "The long run (1 million requests, growth between minutes 2 and 10) is eng/gateway-soak.sh with wrk; its committed figures are in benchmarks/results/gateway.md."),
        ];
    }

    private static (double P50, double P99) Percentiles(List<LoadResult> runs, Func<LoadResult, double[]> pick)
    {
        double[] all = [.. runs.SelectMany(pick).Order()];
        return (LoadResult.Percentile(all, 0.5), LoadResult.Percentile(all, 0.99));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A child <c>aide serve</c> in the scratch home, killed when disposed (its figures are taken by then).</summary>
    private sealed class GatewayProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private GatewayProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public static Task<GatewayProcess> StartAsync(Dictionary<string, string?> home, string upstream, bool cache, CancellationToken cancellationToken)
        {
            var port = LoopbackModelServer.FreePort();
            string[] args = ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={upstream}", "--drain", "1s"];
            return StartAsync(home, cache ? args : [.. args, "--no-cache"], port, cancellationToken);
        }

        /// <summary>The bare passthrough (<see cref="BarePassthrough"/>), the floor aide serve is compared with.</summary>
        public static Task<GatewayProcess> StartPassthroughAsync(Dictionary<string, string?> home, string upstream, CancellationToken cancellationToken)
        {
            var port = LoopbackModelServer.FreePort();
            return StartAsync(home, ["bench", "--probe", $"{BarePassthrough.ProbeName} {port} {upstream}"], port, cancellationToken);
        }

        private static async Task<GatewayProcess> StartAsync(Dictionary<string, string?> home, string[] args, int port, CancellationToken cancellationToken)
        {
            var process = Process.Start(SelfProcess.StartInfo(home, args)) ?? throw new InvalidOperationException("could not start " + args[0]);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("Aide serves", StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
                    return new GatewayProcess(process, $"http://127.0.0.1:{port}/v1/chat/completions");
                }
            }

            throw new InvalidOperationException($"aide {args[0]} exited before it served: " + process.ExitCode);
        }

        public double ResidentMegabytes()
        {
            _process.Refresh();
            return _process.WorkingSet64 / (1024.0 * 1024.0);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
