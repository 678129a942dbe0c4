using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aide.Events;
using Aide.Server.Dashboard.Wire;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Dashboard;

/// <summary>The panels' JSON endpoints that read state: health, providers, cache, usage and benchmarks.</summary>
internal static class DashboardPanels
{
    public static Task HealthAsync(HttpContext context, AideDashboard dashboard)
    {
        if (dashboard.Health is not { } monitor)
        {
            return WriteAsync(context, new HealthPanel("unknown", 0, null, []), DashboardJsonContext.Default.HealthPanel);
        }

        var samples = dashboard.Samples!;
        var snapshot = monitor.Snapshot();
        var thresholds = dashboard.HealthChecks.ToDictionary(c => c.Name, c => c.Thresholds, StringComparer.Ordinal);
        var panel = new HealthPanel(
            HealthEndpoints.Name(snapshot.Level),
            Math.Round(snapshot.Score, 1),
            snapshot.TakenAt,
            [.. snapshot.Components.Select(c => new HealthComponentView(
                c.Name,
                c.Priority.ToString().ToLowerInvariant(),
                HealthEndpoints.Name(c.Level),
                c.Description,
                c.CheckedAt,
                Math.Round(c.Duration.TotalMilliseconds, 3),
                c.Recovering,
                [.. c.Metrics.Select(m =>
                {
                    var threshold = thresholds.GetValueOrDefault(c.Name)?.FirstOrDefault(t => t.Metric == m.Key);
                    return new HealthMetricView(m.Key, m.Value, threshold?.Warning, threshold?.Critical, threshold?.Direction.ToString().ToLowerInvariant(), samples.For(c.Name, m.Key));
                })],
                [.. c.Predictions.Select(p => new HealthPredictionView(p.Key, p.Value.Level, p.Value.PredictedBreach, Math.Round(p.Value.Confidence, 3), Math.Round(p.Value.SlopePerMinute, 4)))]))]);
        return WriteAsync(context, panel, DashboardJsonContext.Default.HealthPanel);
    }

    public static Task ProvidersAsync(HttpContext context, AideDashboard dashboard, AideGateway gateway)
    {
        var configured = gateway.Options.Providers.Select(p => p.Name).ToList();
        var names = configured.Concat(dashboard.Recorder.ProviderNames().Except(configured, StringComparer.Ordinal)).ToList();
        var providers = names.Select((name, index) =>
        {
            var (calls, failures, failovers, latencies) = dashboard.Recorder.Provider(name);
            Array.Sort(latencies);
            var circuit = dashboard.Circuits?.All.FirstOrDefault(c => c.Name == name);
            var change = circuit?.LastChange;
            return new ProviderView(
                name,
                index + 1,
                circuit is null ? "closed" : Breaker(circuit.State),
                change?.ChangedAt,
                change?.Reason,
                circuit?.State == CircuitState.Open ? change?.RetryAt : null,
                calls,
                failures,
                calls == 0 ? 0 : Math.Round((double)failures / calls, 4),
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.95),
                Percentile(latencies, 0.99),
                failovers);
        });
        return WriteAsync(context, new ProvidersPanel([.. providers], dashboard.Recorder.Answers()), DashboardJsonContext.Default.ProvidersPanel);
    }

    public static Task CacheAsync(HttpContext context, AideDashboard dashboard)
    {
        var (byMinute, evictions) = dashboard.Recorder.Cache();
        if (dashboard.Cache is not { } cache)
        {
            return WriteAsync(context, new CachePanel(false, 0, 0, 0, 0, 0, 0, 0, 0, null, new Dictionary<string, long>(), new Dictionary<string, double>(), evictions, byMinute, null), DashboardJsonContext.Default.CachePanel);
        }

        var stats = cache.GetStatistics();
        var panel = new CachePanel(
            true,
            stats.MemoryEntries,
            stats.MemoryBytes,
            stats.DiskEntries,
            stats.DiskStoredBytes,
            stats.DiskOriginalBytes,
            Math.Round(stats.HitRatio, 4),
            stats.MemoryHits + stats.DiskHits,
            stats.Misses,
            stats.Codec.ToString().ToLowerInvariant(),
            stats.DiskEntriesByCodec.ToDictionary(c => c.Key.ToString().ToLowerInvariant(), c => c.Value, StringComparer.Ordinal),
            stats.DiskCompressionRatioByCodec.ToDictionary(c => c.Key.ToString().ToLowerInvariant(), c => Math.Round(c.Value, 4), StringComparer.Ordinal),
            evictions,
            byMinute,
            stats.DiskProblem);
        return WriteAsync(context, panel, DashboardJsonContext.Default.CachePanel);
    }

    public static Task UsageAsync(HttpContext context, AideDashboard dashboard) =>
        WriteAsync(context, dashboard.Recorder.Usage(), DashboardJsonContext.Default.UsagePanel);

    public static async Task BenchAsync(HttpContext context, AideDashboard dashboard)
    {
        var bench = dashboard.Bench is { } read ? await read(context.RequestAborted) : null;
        context.Response.ContentType = "application/json";
        if (bench is null)
        {
            // Not an error: a page shows "none yet" rather than logging a failed request.
            await context.Response.WriteAsync("{\"report\":null,\"message\":\"No benchmark results yet: run aide bench (or aide bench --quick) and reload.\"}", context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync("{\"report\":" + bench.ReportJson + ",\"chartsHtml\":" + JsonSerializer.Serialize(bench.ChartsHtml, DashboardJsonContext.Default.String) + "}", context.RequestAborted);
    }

    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(value, type), context.RequestAborted).AsTask();
    }

    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, new DashboardError(message), DashboardJsonContext.Default.DashboardError);
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);

    private static string Breaker(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        CircuitState.Isolated => "isolated",
        _ => "closed",
    };
}
