using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Aide.Caching;
using Aide.Configuration;
using Aide.Conversations.Store;
using Aide.Events;
using Aide.Health;
using Aide.Health.Scheduling;
using Aide.Resilience;

namespace Aide.Benchmarks;

/// <summary>
/// <c>-- health-cost [seconds]</c>: the CPU cost of health monitoring at the default intervals. Runs the built-in
/// checks (one provider served by a loopback HTTP listener in this process, so its cost is counted too) on the
/// precise scheduler, lets one round warm up, then measures this process's CPU time over the run.
/// </summary>
internal static class HealthCost
{
    public static async Task RunAsync(int seconds)
    {
        using var listener = StartProvider(out var address);
        var folder = Directory.CreateTempSubdirectory("aide-health-cost-").FullName;
        try
        {
            await using var bus = AideEventBus.Create();
            var circuits = new ProviderCircuits(bus: bus);
            HealthCheckEntry[] checks =
            [
                .. AideHealthChecks.Create([new ProviderSettings(ProviderKind.OpenAI, address)], circuits, bus, PreciseTimeProvider.Instance),
                AideHealthChecks.DiskSpace("disk data", Path.Combine(folder, "data")),
                AideHealthChecks.DiskSpace("disk cache", Path.Combine(folder, "cache")),
                ConversationStoreHealth.Entry(SqliteConversationStore.DefaultPath(Path.Combine(folder, "data"))),
                ResponseCacheHealth.FileEntry(Path.Combine(folder, "cache")),
            ];
            await using (var monitor = new HealthMonitor(checks, bus: bus, timeProvider: PreciseTimeProvider.Instance))
            {
                monitor.Start();
                await Task.Delay(TimeSpan.FromSeconds(10)); // every check has run once (JIT, first connections)
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                process.Refresh();
                var used = process.TotalProcessorTime - cpu;
                var wall = Stopwatch.GetElapsedTime(started);
                var lateness = monitor.Lateness;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Health monitoring, {checks.Length} built-in checks at default intervals, {wall.TotalSeconds:0} s: CPU {used.TotalMilliseconds:0} ms = {100 * used.TotalSeconds / wall.TotalSeconds:0.000} % of one core (target ≤ 0.5 %). Ticks {lateness.Ticks}, lateness p50 {lateness.P50:0.000} ms, p99 {lateness.P99:0.000} ms, max {lateness.Max:0.000} ms; level {monitor.Snapshot().Level}."));
            }

            AideHealthChecks.DisposeAll(checks);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A minimal OpenAI-compatible <c>/v1/models</c> endpoint on loopback.</summary>
    private static HttpListener StartProvider(out string address)
    {
        var port = 18_000 + Random.Shared.Next(2_000);
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        address = $"http://127.0.0.1:{port}/v1";
        _ = Task.Run(async () =>
        {
            var body = Encoding.UTF8.GetBytes("{\"data\":[{\"id\":\"bench-model\"}]}");
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        });
        return listener;
    }
}
