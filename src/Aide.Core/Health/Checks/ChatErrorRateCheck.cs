using Aide.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>
/// The share of recent chat calls that failed, from the event bus (<see cref="ChatResponseCompleted"/> and
/// <see cref="ChatRequestFailed"/>; cancellations by the user do not count). Reports <c>error_rate</c> (0 to 1) and
/// <c>calls</c> over the window; its thresholds decide the level. Calls are counted in 60 slices of the window, not
/// kept one by one: a gateway answering 7,000 requests a second held 2 million of them (48 MB, found with dotnet-gcdump
/// under eng/gateway-soak.sh), and each check walked them all. A call leaves the count within one slice (5 s of the
/// default window) of its due time.
/// </summary>
internal sealed class ChatErrorRateCheck : IHealthCheck, IDisposable
{
    private const int Slices = 60;
    private readonly (long Slice, int Calls, int Failed)[] _slices = new (long, int, int)[Slices];
    private readonly long _sliceTicks;
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
        _sliceTicks = Math.Max(1, _window.Ticks / Slices);
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
        int calls = 0, failed = 0;
        var current = _time.GetUtcNow().UtcTicks / _sliceTicks;
        lock (_slices)
        {
            foreach (var (slice, sliceCalls, sliceFailed) in _slices)
            {
                if (slice > current - Slices && slice <= current)
                {
                    calls += sliceCalls;
                    failed += sliceFailed;
                }
            }
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
        var slice = at.UtcTicks / _sliceTicks;
        lock (_slices)
        {
            ref var entry = ref _slices[slice % Slices];
            if (entry.Slice > slice)
            {
                return; // older than the window this slot now counts
            }

            if (entry.Slice != slice)
            {
                entry = (slice, 0, 0);
            }

            entry.Calls++;
            entry.Failed += failed ? 1 : 0;
        }
    }
}
