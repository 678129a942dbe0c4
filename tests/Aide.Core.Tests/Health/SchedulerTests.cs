using Aide.Health;
using Aide.Health.Scheduling;
using Aide.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Health;

/// <summary>The health scheduler on a <see cref="FakeTimeProvider"/>: a fixed grid, no stacking, skipped ticks keep the phase; and the precise provider's timers fire.</summary>
public sealed class SchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Ticks_land_on_the_grid_with_zero_lateness()
    {
        using var recorder = new LatenessRecorder();
        var runs = new List<DateTimeOffset>();
        using var job = new PeriodicJob("t", TimeSpan.FromMilliseconds(100), TimeSpan.Zero, _ => Record(runs), _time, recorder);

        for (var i = 1; i <= 10; i++)
        {
            await Eventually.WaitUntil(() => Count(runs) == i && !job.IsRunning);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        await Eventually.WaitUntil(() => Count(runs) == 11);
        var start = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        lock (runs)
        {
            Assert.Equal(Enumerable.Range(0, 11).Select(i => start.AddMilliseconds(100 * i)), runs);
        }

        var summary = recorder.Summarize();
        Assert.Equal(11, summary.Ticks);
        Assert.Equal(0, summary.Max);
    }

    [Fact]
    public async Task A_run_that_overruns_is_never_stacked_and_its_ticks_are_counted_as_skipped()
    {
        using var recorder = new LatenessRecorder();
        var release = new TaskCompletionSource();
        var started = 0;
        using var job = new PeriodicJob("slow", TimeSpan.FromSeconds(1), TimeSpan.Zero, async ct =>
        {
            Interlocked.Increment(ref started);
            await release.Task.WaitAsync(ct);
        }, _time, recorder);

        await Eventually.WaitUntil(() => Volatile.Read(ref started) == 1);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1)); // the tick fires inline and finds the first run still going
        }

        Assert.Equal(1, Volatile.Read(ref started));
        Assert.Equal(3, recorder.Summarize().Skipped);
        release.SetResult();
        await Eventually.WaitUntil(() => !job.IsRunning);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntil(() => Volatile.Read(ref started) == 2);
    }

    [Fact]
    public async Task Ticks_missed_while_paused_are_skipped_and_the_phase_is_kept()
    {
        using var recorder = new LatenessRecorder();
        var runs = new List<DateTimeOffset>();
        using var job = new PeriodicJob("t", TimeSpan.FromSeconds(5), TimeSpan.Zero, _ => Record(runs), _time, recorder);
        await Eventually.WaitUntil(() => Count(runs) == 1 && !job.IsRunning);

        _time.Advance(TimeSpan.FromSeconds(17)); // one late tick fires at 17 s for the 5 s deadline; 10 s and 15 s are skipped
        await Eventually.WaitUntil(() => Count(runs) == 2 && !job.IsRunning);
        _time.Advance(TimeSpan.FromSeconds(3)); // the next is back on the grid at 20 s
        await Eventually.WaitUntil(() => Count(runs) == 3);

        var start = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        lock (runs)
        {
            Assert.Equal([start, start.AddSeconds(17), start.AddSeconds(20)], runs);
        }

        Assert.Equal(12_000, recorder.Summarize().Max, 3);
    }

    [Fact]
    public async Task The_monitor_runs_each_check_on_its_priority_class_interval()
    {
        var critical = new ScriptedCheck();
        var normal = new ScriptedCheck();
        var background = new ScriptedCheck();
        await using var monitor = new HealthMonitor(
            [
                new HealthCheckEntry("critical", critical, HealthPriority.Critical),
                new HealthCheckEntry("normal", normal, HealthPriority.Normal),
                new HealthCheckEntry("background", background, HealthPriority.Background),
            ],
            timeProvider: _time);

        monitor.Start();
        for (var second = 0; second <= 60; second++)
        {
            var (c, n, b) = ((second / 5) + 1, (second / 30) + 1, 1);
            await Eventually.WaitUntil(() => (critical.Runs, normal.Runs, background.Runs) == (c, n, b) && monitor.Idle);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal((13, 3, 1), (critical.Runs, normal.Runs, background.Runs)); // at 0, 5, …, 60 s; 0, 30, 60 s; 0 s
    }

    [Fact]
    public async Task Precise_timers_fire_once_periodically_and_not_after_disposal()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the deadline thread is Linux only");
        var time = PreciseTimeProvider.Instance;
        var once = new TaskCompletionSource();
        using var single = time.CreateTimer(_ => once.TrySetResult(), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
        await once.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var count = 0;
        var three = new TaskCompletionSource();
        var periodic = time.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref count) == 3)
            {
                three.TrySetResult();
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(2));
        await three.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        periodic.Dispose();
        var after = Volatile.Read(ref count);
        var probe = new TaskCompletionSource();
        using var later = time.CreateTimer(_ => probe.TrySetResult(), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        await probe.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.InRange(Volatile.Read(ref count), 3, after + 1); // disposal stopped it (a tick already being fired may still land)
        Assert.False(periodic.Change(TimeSpan.Zero, TimeSpan.Zero));
    }

    private Task Record(List<DateTimeOffset> runs)
    {
        lock (runs)
        {
            runs.Add(_time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    private static int Count(List<DateTimeOffset> runs)
    {
        lock (runs)
        {
            return runs.Count;
        }
    }

}
