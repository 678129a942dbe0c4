using System.Net;
using System.Net.Sockets;
using Aide.Caching;
using Aide.Configuration;
using Aide.Conversations.Store;
using Aide.Events;
using Aide.Health;
using Aide.Health.Checks;
using Aide.Resilience;
using Aide.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Health;

/// <summary>The built-in checks on real files, a real closed port and real events.</summary>
public sealed class BuiltInCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aide-health-").FullName;

    [Fact]
    public async Task Store_integrity_is_healthy_for_a_sound_or_missing_file_and_unhealthy_for_garbage()
    {
        var sound = Path.Combine(_folder, "sound.db");
        using (var connection = new SqliteConnection($"Data Source={sound};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
            command.ExecuteNonQuery();
        }

        var garbage = Path.Combine(_folder, "garbage.db");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))], TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, (await Check(new StoreIntegrityCheck(sound))).Status);
        Assert.Equal(HealthStatus.Healthy, (await Check(new StoreIntegrityCheck(Path.Combine(_folder, "missing.db")))).Status);
        var damaged = await Check(new StoreIntegrityCheck(garbage));
        Assert.Equal(HealthStatus.Unhealthy, damaged.Status);
        Assert.Contains("garbage.db", damaged.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "missing.db"))); // looking creates nothing
    }

    [Fact]
    public async Task Disk_space_reports_free_space_for_a_folder_that_does_not_exist_yet()
    {
        var result = await Check(new DiskSpaceCheck(Path.Combine(_folder, "not", "yet")));

        Assert.True((double)result.Data["free_mb"] > 0);
        Assert.InRange((double)result.Data["free_percent"], 0, 100);
    }

    [Fact]
    public async Task Memory_reports_heap_and_working_set()
    {
        var result = await Check(new ProcessMemoryCheck());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True((double)result.Data["working_set_mb"] > 0);
        Assert.True((double)result.Data["gc_heap_mb"] > 0);
    }

    [Fact]
    public async Task Chat_error_rate_counts_recent_failures_but_not_cancellations_or_old_calls()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        await using var bus = AideEventBus.Create(timeProvider: time);
        using var check = new ChatErrorRateCheck(bus, TimeSpan.FromMinutes(5), time);
        bus.Publish(new ChatRequestFailed("p", "m", "ServerError", 500, "x", TimeSpan.Zero) { Timestamp = time.GetUtcNow(), Source = "chat" });
        time.Advance(TimeSpan.FromMinutes(6));
        bus.Publish(new ChatResponseCompleted("p", "m", 1, 1, TimeSpan.Zero, null, false) { Timestamp = time.GetUtcNow(), Source = "chat" });
        bus.Publish(new ChatRequestFailed("p", "m", "Timeout", null, "x", TimeSpan.Zero) { Timestamp = time.GetUtcNow(), Source = "chat" });
        bus.Publish(new ChatRequestFailed("p", "m", "Cancelled", null, "x", TimeSpan.Zero) { Timestamp = time.GetUtcNow(), Source = "chat" });

        var result = await Check(check);

        Assert.Equal(0.5, (double)result.Data["error_rate"]);
        Assert.Equal(2, (int)result.Data["calls"]);
    }

    [Fact]
    public async Task The_error_rate_of_a_busy_gateway_is_counted_without_keeping_each_call()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        await using var bus = AideEventBus.Create(timeProvider: time);
        using var check = new ChatErrorRateCheck(bus, TimeSpan.FromMinutes(5), time);
        for (var i = 0; i < 20_000; i++)
        {
            bus.Publish(i % 4 == 0
                ? new ChatRequestFailed("p", "m", "ServerError", 500, "x", TimeSpan.Zero) { Timestamp = time.GetUtcNow(), Source = "chat" }
                : new ChatResponseCompleted("p", "m", 1, 1, TimeSpan.Zero, null, false) { Timestamp = time.GetUtcNow(), Source = "chat" });
            if (i % 100 == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(10)); // 2 s in all, as at 10,000 calls a second
            }
        }

        var busy = await Check(check);
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));
        var later = await Check(check);

        Assert.Equal(20_000, (int)busy.Data["calls"]);
        Assert.Equal(0.25, (double)busy.Data["error_rate"]);
        Assert.Equal(0, (int)later.Data["calls"]);
    }

    [Fact]
    public async Task An_unreachable_provider_is_unhealthy_and_its_failing_probes_open_its_breaker()
    {
        var circuits = new ProviderCircuits();
        var address = $"http://127.0.0.1:{ClosedPort()}/v1";
        var circuit = circuits.For($"openai={address}");
        using var check = new ProviderHealthCheck(new ProviderSettings(ProviderKind.OpenAI, address), circuit);

        var first = await Check(check);
        var second = await Check(check);
        var third = await Check(check);

        Assert.Equal(HealthStatus.Unhealthy, first.Status);
        Assert.Contains("connection refused", first.Description, StringComparison.Ordinal);
        Assert.Equal(CircuitState.Open, circuit.State);
        Assert.Equal(HealthStatus.Unhealthy, third.Status);
        Assert.Contains("circuit breaker is open", third.Description, StringComparison.Ordinal);
        Assert.Equal("Open", third.Data["circuit"]);
        Assert.Equal(HealthStatus.Unhealthy, second.Status);
    }

    [Fact]
    public async Task The_built_in_checks_name_every_component_with_its_class()
    {
        await using var bus = AideEventBus.Create();
        using var cache = ResponseCache.Create(new ResponseCacheOptions());
        HealthCheckEntry[] checks =
        [
            .. AideHealthChecks.Create([new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1")], new ProviderCircuits(), bus, memoryRepairs: [ResponseCacheHealth.Trim(cache)]),
            AideHealthChecks.DiskSpace("disk data", Path.Combine(_folder, "data")),
            ConversationStoreHealth.Entry(Path.Combine(_folder, "data", "conversations.db")),
            ResponseCacheHealth.FileEntry(Path.Combine(_folder, "cache")),
            ResponseCacheHealth.Entry(cache),
        ];
        try
        {
            Assert.Equal(
                [("provider openai=http://127.0.0.1:1/v1", HealthPriority.Critical), ("chat errors", HealthPriority.High), ("memory", HealthPriority.Normal),
                 ("disk data", HealthPriority.Low), ("store conversations", HealthPriority.Background), ("store cache", HealthPriority.Background), ("cache", HealthPriority.Normal)],
                checks.Select(c => (c.Name, c.Priority)));
            Assert.True(checks[0].IsProvider);
            Assert.Equal(["trim-cache", "force-gc"], checks[2].Recovery.Select(r => r.Name));
            Assert.Equal(["reindex-store"], checks[4].Recovery.Select(r => r.Name));
        }
        finally
        {
            AideHealthChecks.DisposeAll(checks);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<HealthCheckResult> Check(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("t", check, null, null, TimeSpan.FromSeconds(5)) }, TestContext.Current.CancellationToken);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
