using Aide.Chat;
using Aide.Configuration;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>
/// Whether a model provider answers, and how fast: lists its models (no tokens spent). The probe runs through the
/// provider's circuit breaker, so failing probes open it, an open breaker is reported without calling, and after the
/// break the probe is what closes it again. Reports <c>latency_ms</c>.
/// </summary>
internal sealed class ProviderHealthCheck : IHealthCheck, IDisposable
{
    private readonly ProviderSettings _provider;
    private readonly ProviderCircuit? _circuit;
    private readonly TimeProvider _time;
    private readonly TimeSpan _slow;
    private HttpClient _http = NewClient();

    /// <summary>Creates the check.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="circuit">Its breaker, shared with the chat pipeline (none: probes are not gated).</param>
    /// <param name="timeProvider">The clock (default system).</param>
    /// <param name="slowAfter">Latency above which it is degraded (default 2 s).</param>
    public ProviderHealthCheck(ProviderSettings provider, ProviderCircuit? circuit = null, TimeProvider? timeProvider = null, TimeSpan? slowAfter = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _circuit = circuit;
        _time = timeProvider ?? TimeProvider.System;
        _slow = slowAfter ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>
    /// Gets what the provider's recent chats did: when every one of them failed (at least two), the provider is
    /// unhealthy even though it answers the probe (a server that lists its models but fails every chat with 500).
    /// </summary>
    public ProviderCallHistory? Calls { get; init; }

    /// <summary>Gets the provider kinds, for a provider probed without HTTP (a local model's file is checked through its kind).</summary>
    public ProviderRegistry? Registry { get; init; }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await ProbeHealthAsync(context, cancellationToken);
        if (result.Status == HealthStatus.Unhealthy || Calls?.For(_provider.Name) is not { AllFailing: true } calls)
        {
            return result;
        }

        var data = new Dictionary<string, object>(result.Data) { ["chat_failures"] = calls.Failed };
        return HealthCheckResult.Unhealthy($"it answers probes, but its last {calls.Calls} chats failed ({calls.LatestFailure})", data: data);
    }

    private async Task<HealthCheckResult> ProbeHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var timeout = context?.Registration?.Timeout is { } t && t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan ? t : TimeSpan.FromSeconds(5);
        ProviderStatus status;
        try
        {
            status = _circuit is null
                ? await ProbeAsync(timeout, cancellationToken)
                : await _circuit.ExecuteAsync(
                    async ct =>
                    {
                        // Unreachable counts against the provider; an HTTP error (bad key, wrong path) is reported, not counted.
                        var probed = await ProbeAsync(timeout, ct);
                        return probed.State == ProviderState.Down
                            ? throw new AideChatException($"{_circuit.Name}: {probed.Detail}") { Kind = ChatErrorKind.Unreachable, Provider = _circuit.Name }
                            : probed;
                    },
                    cancellationToken);
        }
        catch (AideChatException ex)
        {
            var circuit = _circuit?.State.ToString() ?? "none";
            return HealthCheckResult.Unhealthy(ex.Message, data: new Dictionary<string, object> { ["circuit"] = circuit });
        }

        var data = new Dictionary<string, object> { ["latency_ms"] = Math.Round(status.Latency.TotalMilliseconds, 3), ["circuit"] = _circuit?.State.ToString() ?? "none" };
        return status.State switch
        {
            ProviderState.Ok when _circuit?.State == Events.CircuitState.HalfOpen => HealthCheckResult.Degraded($"answers; circuit half-open ({status.Detail})", data: data),
            ProviderState.Ok when status.Latency > _slow => HealthCheckResult.Degraded($"slow: {status.Latency.TotalMilliseconds:0} ms ({status.Detail})", data: data),
            ProviderState.Ok => HealthCheckResult.Healthy(status.Detail, data),
            _ => HealthCheckResult.Unhealthy(status.Detail, data: data),
        };
    }

    /// <summary>Drops pooled connections and DNS answers by starting a new HTTP client (the <c>reset-connections</c> repair).</summary>
    public void ResetConnections() => Interlocked.Exchange(ref _http, NewClient()).Dispose();

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static HttpClient NewClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };

    private Task<ProviderStatus> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        new ProviderProbe(_http, _time, Registry).ProbeAsync(_provider, timeout, cancellationToken);
}
