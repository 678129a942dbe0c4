using Aide.Events;
using Aide.Health;
using Aide.Health.Thresholds;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Health;

/// <summary>Thresholds through a real <see cref="HealthMonitor"/>: streaks, windows, hysteresis, levels and the overall score.</summary>
public sealed class ThresholdTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly IEventBus _bus;
    private readonly List<HealthThresholdExceeded> _exceeded = [];

    public ThresholdTests()
    {
        _bus = AideEventBus.Create(timeProvider: _time);
        _bus.Subscribe<HealthThresholdExceeded>(_exceeded.Add);
    }

    [Fact]
    public async Task A_level_is_raised_only_after_the_required_consecutive_breaches()
    {
        var check = new ScriptedCheck().Values("latency_ms", 50, 250, 260, 40, 250, 260, 270, 280);
        await using var monitor = Monitor(check, new MetricThreshold("latency_ms", 200, 1_000) { ConsecutiveBreaches = 3 });

        var levels = await Run(monitor, 8);

        Assert.Equal([HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Healthy, HealthLevel.Degraded, HealthLevel.Degraded], levels);
        var e = Assert.Single(_exceeded);
        Assert.Equal(("component", "latency_ms", 270.0, 200.0, EventSeverity.Warning), (e.Component, e.Metric, e.Value, e.Threshold, e.Severity));
    }

    [Fact]
    public async Task Breaches_spread_wider_than_the_window_do_not_add_up()
    {
        var check = new ScriptedCheck().Values("latency_ms", 300, 300, 300);
        await using var monitor = Monitor(check, new MetricThreshold("latency_ms", 200, 1_000) { ConsecutiveBreaches = 3, Window = TimeSpan.FromMinutes(1) });

        var levels = await Run(monitor, 3, step: TimeSpan.FromSeconds(40));

        Assert.All(levels, l => Assert.Equal(HealthLevel.Healthy, l));
        Assert.Empty(_exceeded);
    }

    [Fact]
    public async Task Hysteresis_keeps_the_level_until_the_value_is_back_past_the_recovery_level()
    {
        var check = new ScriptedCheck().Values("latency_ms", 300, 190, 150, 90, 300);
        await using var monitor = Monitor(check, new MetricThreshold("latency_ms", 200, 1_000) { ConsecutiveBreaches = 1, Recovery = 100 });

        var levels = await Run(monitor, 5);

        Assert.Equal([HealthLevel.Degraded, HealthLevel.Degraded, HealthLevel.Degraded, HealthLevel.Healthy, HealthLevel.Degraded], levels);
        Assert.Equal(2, _exceeded.Count);
    }

    [Fact]
    public async Task A_critical_breach_makes_the_component_critical_and_publishes_an_error()
    {
        var check = new ScriptedCheck().Values("free_mb", 5_000, 500, 50, 40);
        await using var monitor = Monitor(check, new MetricThreshold("free_mb", 1_024, 100, ThresholdDirection.Below) { ConsecutiveBreaches = 1 });

        var levels = await Run(monitor, 4);

        Assert.Equal([HealthLevel.Healthy, HealthLevel.Degraded, HealthLevel.Critical, HealthLevel.Critical], levels);
        Assert.Equal([(1024.0, EventSeverity.Warning), (100.0, EventSeverity.Error)], _exceeded.Select(e => (e.Threshold, e.Severity)));
        Assert.Equal(HealthLevel.Critical, monitor.Snapshot().Level);
    }

    [Fact]
    public async Task Aide_is_down_when_every_provider_is_unhealthy_and_the_score_weights_priorities()
    {
        var first = new ScriptedCheck().Then(HealthStatus.Unhealthy);
        var second = new ScriptedCheck().Then(HealthStatus.Unhealthy);
        var disk = new ScriptedCheck().Then(HealthStatus.Degraded);
        await using var monitor = new HealthMonitor(
            [
                new HealthCheckEntry("p1", first, HealthPriority.Critical) { IsProvider = true },
                new HealthCheckEntry("p2", second, HealthPriority.Critical) { IsProvider = true },
                new HealthCheckEntry("disk", disk, HealthPriority.Low),
            ],
            bus: _bus,
            timeProvider: _time);

        var snapshot = await monitor.CheckAllAsync(TestContext.Current.CancellationToken);

        // Down: nothing can answer, whatever the rest scores (issue 28: "down" with a score of 83.3 misled).
        Assert.Equal(HealthLevel.Down, snapshot.Level);
        Assert.Equal(0, snapshot.Score);
    }

    [Fact]
    public async Task The_score_weights_priorities_and_never_reads_better_than_the_level()
    {
        var slow = new ScriptedCheck().Then(HealthStatus.Degraded);
        var fine = new ScriptedCheck().Then(HealthStatus.Healthy);
        var disk = new ScriptedCheck().Then(HealthStatus.Degraded);
        var failing = new ScriptedCheck().Then(HealthStatus.Unhealthy);
        await using var degraded = new HealthMonitor(
            [
                new HealthCheckEntry("p1", slow, HealthPriority.Critical) { IsProvider = true },
                new HealthCheckEntry("p2", fine, HealthPriority.Critical) { IsProvider = true },
                new HealthCheckEntry("disk", disk, HealthPriority.Low),
            ],
            bus: _bus,
            timeProvider: _time);
        await using var unhealthy = new HealthMonitor(
            [
                new HealthCheckEntry("p1", failing, HealthPriority.Low) { IsProvider = true },
                new HealthCheckEntry("p2", new ScriptedCheck().Then(HealthStatus.Healthy), HealthPriority.Critical) { IsProvider = true },
            ],
            bus: _bus,
            timeProvider: _time);

        var weighted = await degraded.CheckAllAsync(TestContext.Current.CancellationToken);
        var capped = await unhealthy.CheckAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal((HealthLevel.Degraded, Math.Round(((5 * 70) + (5 * 100) + (2 * 70)) / 12.0, 1)), (weighted.Level, weighted.Score));
        Assert.Equal((HealthLevel.Unhealthy, 59), (capped.Level, capped.Score)); // (2·30 + 5·100) / 7 = 80 would read better than "unhealthy"
    }

    [Fact]
    public void A_critical_level_on_the_good_side_of_the_warning_is_refused() =>
        Assert.Throws<ArgumentException>(() => new MetricThreshold("latency_ms", warning: 500, critical: 100));

    public async ValueTask DisposeAsync() => await _bus.DisposeAsync();

    private HealthMonitor Monitor(ScriptedCheck check, MetricThreshold threshold) =>
        new([new HealthCheckEntry("component", check, HealthPriority.Normal) { Thresholds = [threshold] }], bus: _bus, timeProvider: _time);

    private async Task<List<HealthLevel>> Run(HealthMonitor monitor, int times, TimeSpan? step = null)
    {
        var levels = new List<HealthLevel>();
        for (var i = 0; i < times; i++)
        {
            levels.Add((await monitor.CheckAllAsync(TestContext.Current.CancellationToken)).Level);
            _time.Advance(step ?? TimeSpan.FromSeconds(30));
        }

        return levels;
    }
}
