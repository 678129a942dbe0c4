using Aide.Events;
using Aide.Health;
using Aide.Health.Recovery;
using Aide.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Health;

/// <summary>Auto-recovery through a real <see cref="HealthMonitor"/> on a <see cref="FakeTimeProvider"/>: strategies in order, each verified, rounds with backoff.</summary>
public sealed class RecoveryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly IEventBus _bus;
    private readonly List<AideEvent> _events = [];

    public RecoveryTests()
    {
        _bus = AideEventBus.Create(timeProvider: _time);
        _bus.Subscribe<HealthEvent>(e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        });
    }

    [Fact]
    public async Task Strategies_are_tried_in_order_until_the_check_passes()
    {
        var check = new ScriptedCheck().Then(HealthStatus.Unhealthy).Then(HealthStatus.Unhealthy).Then(HealthStatus.Healthy);
        var tried = new List<string>();
        await using var monitor = Monitor(check, Strategy("first", tried), Strategy("second", tried), Strategy("third", tried));

        await monitor.CheckAllAsync(TestContext.Current.CancellationToken);
        var completed = await Completed();

        Assert.Equal(["first", "second"], tried);
        var started = Assert.Single(Events<AutoRecoveryStarted>());
        Assert.Equal("store", started.Component);
        Assert.Equal(["first", "second", "third"], started.Strategies);
        Assert.Equal(("second", true), (completed.Strategy, completed.Success));
        Assert.Equal(HealthLevel.Healthy, monitor.Snapshot().Level);
        Assert.False(monitor.Snapshot().Components[0].Recovering);
    }

    [Fact]
    public async Task A_strategy_that_throws_counts_as_failed_and_the_next_is_tried()
    {
        var check = new ScriptedCheck().Then(HealthStatus.Unhealthy).Then(HealthStatus.Healthy);
        var tried = new List<string>();
        await using var monitor = Monitor(check, RecoveryStrategy.From("broken", _ => throw new InvalidOperationException("no")), Strategy("works", tried));

        await monitor.CheckAllAsync(TestContext.Current.CancellationToken);
        var completed = await Completed();

        Assert.Equal(("works", true), (completed.Strategy, completed.Success));
        Assert.Equal(2, check.Runs); // the broken strategy was not followed by a check
    }

    [Fact]
    public async Task Rounds_wait_with_doubling_backoff_and_give_up_after_the_limit()
    {
        var time = new CountingTime(_time.GetUtcNow());
        var check = new ScriptedCheck().Then(HealthStatus.Unhealthy);
        var tried = new List<string>();
        var options = new HealthMonitorOptions { RecoveryAttempts = 3, RecoveryBackoff = TimeSpan.FromSeconds(2) };
        await using var monitor = new HealthMonitor([new HealthCheckEntry("store", check, HealthPriority.Background) { Recovery = [Strategy("only", tried)] }], options, _bus, time);

        // Timers: each check run makes one (its timeout), each backoff one. Time moves only once the backoff is waiting.
        await monitor.CheckAllAsync(TestContext.Current.CancellationToken);
        await Eventually.WaitUntil(() => Count(tried) == 1 && time.Timers == 3);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, Count(tried));
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.WaitUntil(() => Count(tried) == 2 && time.Timers == 5);
        time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, Count(tried));
        time.Advance(TimeSpan.FromSeconds(0.1));
        var completed = await Completed();

        Assert.Equal(3, Count(tried));
        Assert.Equal(("only", false, TimeSpan.FromSeconds(6)), (completed.Strategy, completed.Success, completed.Duration));
    }

    [Fact]
    public async Task A_component_that_stays_unhealthy_is_not_repaired_again_until_it_recovers()
    {
        var check = new ScriptedCheck().Then(HealthStatus.Unhealthy);
        var tried = new List<string>();
        var options = new HealthMonitorOptions { RecoveryAttempts = 1 };
        await using var monitor = new HealthMonitor([new HealthCheckEntry("store", check, HealthPriority.Background) { Recovery = [Strategy("only", tried)] }], options, _bus, _time);

        await monitor.CheckAllAsync(TestContext.Current.CancellationToken);
        await Completed();
        await monitor.CheckAllAsync(TestContext.Current.CancellationToken);

        Assert.Single(Events<AutoRecoveryStarted>());
    }

    public async ValueTask DisposeAsync() => await _bus.DisposeAsync();

    /// <summary>A fake clock that counts the timers created on it, so a test can tell when a backoff is waiting.</summary>
    private sealed class CountingTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private static IRecoveryStrategy Strategy(string name, List<string> tried) => RecoveryStrategy.From(name, _ =>
    {
        lock (tried)
        {
            tried.Add(name);
        }

        return default;
    });

    private static int Count(List<string> tried)
    {
        lock (tried)
        {
            return tried.Count;
        }
    }

    private HealthMonitor Monitor(ScriptedCheck check, params IRecoveryStrategy[] strategies) =>
        new([new HealthCheckEntry("store", check, HealthPriority.Background) { Recovery = strategies }], bus: _bus, timeProvider: _time);

    private async Task<AutoRecoveryCompleted> Completed()
    {
        await Eventually.WaitUntil(() => Events<AutoRecoveryCompleted>().Count > 0);
        return Events<AutoRecoveryCompleted>()[0];
    }

    private List<T> Events<T>()
    {
        lock (_events)
        {
            return [.. _events.OfType<T>()];
        }
    }
}
