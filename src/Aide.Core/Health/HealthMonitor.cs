using System.Diagnostics.Metrics;
using Aide.Diagnostics;
using Aide.Events;
using Aide.Health.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Health;

/// <summary>
/// Runs health checks on their priority class's interval against absolute deadlines (<see cref="PeriodicJob"/>; use
/// <see cref="PreciseTimeProvider"/> for sub-millisecond punctuality), applies thresholds with hysteresis, forecasts
/// breaches from trends, repairs unhealthy components, and publishes <see cref="HealthThresholdExceeded"/>,
/// <see cref="HealthPredictionAlert"/>, <see cref="AutoRecoveryStarted"/> and <see cref="AutoRecoveryCompleted"/>.
/// </summary>
public sealed partial class HealthMonitor : IAsyncDisposable
{
    private const string Source = "health";
    private readonly ComponentState[] _components;
    private readonly HealthMonitorOptions _options;
    private readonly IEventBus? _bus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LatenessRecorder _lateness;
    private readonly Meter _meter;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PeriodicJob> _jobs = [];
    private readonly List<Task> _recoveries = [];

    /// <summary>Creates a monitor; call <see cref="Start"/> to schedule the checks, or <see cref="CheckAllAsync"/> to run them once.</summary>
    /// <param name="checks">The checks; names must be unique.</param>
    /// <param name="options">Prediction and recovery settings (defaults when <see langword="null"/>).</param>
    /// <param name="bus">Where events go, if anywhere.</param>
    /// <param name="timeProvider">The clock and timers (default <see cref="TimeProvider.System"/>).</param>
    /// <param name="loggerFactory">Logging, if any.</param>
    /// <param name="meterFactory">Metrics, if any (else a shared <c>Aide</c> meter).</param>
    public HealthMonitor(
        IEnumerable<HealthCheckEntry> checks,
        HealthMonitorOptions? options = null,
        IEventBus? bus = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _options = options ?? new HealthMonitorOptions();
        _components = [.. checks.Select(c => new ComponentState(c, _options))];
        var duplicate = _components.GroupBy(c => c.Entry.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two health checks are named '{duplicate.Key}'.", nameof(checks));
        }

        _bus = bus;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger("Aide.Health") ?? NullLogger.Instance;
        _lateness = new LatenessRecorder(meterFactory);
        _meter = meterFactory?.Create(AideDiagnostics.MeterName) ?? new Meter(AideDiagnostics.MeterName);
        _meter.CreateObservableGauge("aide.health.score", () => Snapshot().Score, "{score}", "Overall health score, 0 to 100.");
    }

    /// <summary>Gets the lateness of the scheduler's ticks so far (milliseconds).</summary>
    internal LatenessSummary Lateness => _lateness.Summarize();

    /// <summary>Gets whether no scheduled check is running (for tests that step a fake clock).</summary>
    internal bool Idle
    {
        get
        {
            lock (_jobs)
            {
                return _jobs.TrueForAll(j => !j.IsRunning);
            }
        }
    }

    /// <summary>Schedules every check on its interval, starting now. Calling it twice has no further effect.</summary>
    public void Start()
    {
        lock (_jobs)
        {
            if (_jobs.Count > 0 || _stopping.IsCancellationRequested)
            {
                return;
            }

            foreach (var component in _components)
            {
                _jobs.Add(new PeriodicJob(component.Entry.Name, component.Entry.EffectiveInterval, TimeSpan.Zero, ct => RunAsync(component, ct), _time, _lateness));
            }
        }
    }

    /// <summary>Runs every check once, now, in parallel (what <c>aide health</c> prints).</summary>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The snapshot after they ran.</returns>
    public async Task<HealthSnapshot> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_components.Select(c => RunAsync(c, cancellationToken)));
        return Snapshot();
    }

    /// <summary>Gets the current state of every component and the overall level and score.</summary>
    /// <returns>The snapshot.</returns>
    public HealthSnapshot Snapshot()
    {
        var components = _components.Select(c =>
        {
            lock (c.Gate)
            {
                return c.Latest;
            }
        }).ToArray();
        var providers = components.Where((_, i) => _components[i].Entry.IsProvider).ToArray();
        var worst = components.Length == 0 ? HealthLevel.Healthy : components.Max(c => c.Level);
        var level = providers.Length > 0 && providers.All(p => p.CheckedAt is not null && p.Level >= HealthLevel.Unhealthy) ? HealthLevel.Down : worst;
        var weight = components.Sum(c => c.Priority.Weight());
        var score = weight == 0 ? 100 : components.Sum(c => c.Priority.Weight() * Points(c.Level)) / weight;

        // The score never reads better than the level: "down" with 83 points (every provider out, the rest fine) misleads.
        return new HealthSnapshot(level, Math.Round(Math.Min(score, Ceiling(level)), 1), components, _time.GetUtcNow());
    }

    /// <summary>The highest score a level allows (<see cref="HealthSnapshot.Score"/>).</summary>
    internal static double Ceiling(HealthLevel level) => level switch
    {
        HealthLevel.Healthy => 100,
        HealthLevel.Degraded => 89,
        HealthLevel.Unhealthy => 59,
        HealthLevel.Critical => 29,
        _ => 0,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_jobs)
        {
            foreach (var job in _jobs)
            {
                job.Dispose();
            }
        }

        Task[] recoveries;
        lock (_recoveries)
        {
            recoveries = [.. _recoveries];
        }

        try
        {
            await Task.WhenAll(recoveries);
        }
        catch (OperationCanceledException)
        {
            // Recoveries stop with the monitor.
        }

        _meter.Dispose();
        _lateness.Dispose();
    }

    private static double Points(HealthLevel level) => level switch
    {
        HealthLevel.Healthy => 100,
        HealthLevel.Degraded => 70,
        HealthLevel.Unhealthy => 30,
        HealthLevel.Critical => 10,
        _ => 0,
    };

    /// <summary>Runs one check with its timeout and evaluates the result.</summary>
    /// <returns>The component's new level.</returns>
    private async Task<HealthLevel> RunAsync(ComponentState component, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        HealthCheckResult result;
        using var timeout = new CancellationTokenSource(component.Entry.EffectiveTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _stopping.Token);
        try
        {
            result = await component.Entry.Check.CheckHealthAsync(new HealthCheckContext { Registration = component.Registration }, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy($"no answer within {component.Entry.EffectiveTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = HealthCheckResult.Unhealthy($"the check failed: {ex.Message}");
        }

        return Evaluate(component, result, _time.GetElapsedTime(started));
    }
}
