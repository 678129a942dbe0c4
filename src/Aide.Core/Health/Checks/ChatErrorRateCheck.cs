using Aide.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>
/// The share of recent chat calls that failed, from the event bus (<see cref="ChatResponseCompleted"/> and
/// <see cref="ChatRequestFailed"/>; cancellations by the user do not count). Reports <c>error_rate</c> (0 to 1) and
/// <c>calls</c> over the window; its thresholds decide the level.
/// </summary>
internal sealed class ChatErrorRateCheck : IHealthCheck, IDisposable
{
    private readonly Queue<(DateTimeOffset At, bool Failed)> _calls = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly IDisposable _completed;
    private readonly IDisposable _failed;

    /// <summary>Creates the check and starts counting.</summary>
    /// <param name="bus">The bus chat events are published on.</param>
    /// <param name="window">How far back calls count (default 5 minutes).</param>
    /// <param name="timeProvider">The clock (default system).</param>
    public ChatErrorRateCheck(IEventBus bus, TimeSpan? window = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _time = timeProvider ?? TimeProvider.System;
        _window = window ?? TimeSpan.FromMinutes(5);
        _completed = bus.Subscribe<ChatResponseCompleted>(e => Add(e.Timestamp, failed: false));
        _failed = bus.Subscribe<ChatRequestFailed>(e =>
        {
            if (e.ErrorKind != "Cancelled")
            {
                Add(e.Timestamp, failed: true);
            }
        });
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int calls, failed;
        lock (_calls)
        {
            Trim(_time.GetUtcNow());
            calls = _calls.Count;
            failed = _calls.Count(c => c.Failed);
        }

        var rate = calls == 0 ? 0 : (double)failed / calls;
        var data = new Dictionary<string, object> { ["error_rate"] = Math.Round(rate, 4), ["calls"] = calls };
        return Task.FromResult(HealthCheckResult.Healthy(calls == 0 ? "no chat calls recently" : $"{failed} of {calls} chat calls failed in the last {_window.TotalMinutes:0.#} min", data));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _completed.Dispose();
        _failed.Dispose();
    }

    private void Add(DateTimeOffset at, bool failed)
    {
        lock (_calls)
        {
            _calls.Enqueue((at, failed));
            Trim(at);
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_calls.Count > 0 && now - _calls.Peek().At > _window)
        {
            _calls.Dequeue();
        }
    }
}
