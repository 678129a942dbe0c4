using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Core.Tests.Health;

/// <summary>A check whose next results a test scripts: a status and metric values (the last one repeats).</summary>
internal sealed class ScriptedCheck : IHealthCheck
{
    private readonly Queue<HealthCheckResult> _script = new();
    private HealthCheckResult _last = HealthCheckResult.Healthy("ok");

    public int Runs { get; private set; }

    public Func<CancellationToken, Task>? Before { get; set; }

    public ScriptedCheck Then(HealthStatus status, string metric = "value", double value = 0)
    {
        _script.Enqueue(new HealthCheckResult(status, $"{metric}={value}", data: new Dictionary<string, object> { [metric] = value }));
        return this;
    }

    public ScriptedCheck Values(string metric, params double[] values)
    {
        foreach (var value in values)
        {
            Then(HealthStatus.Healthy, metric, value);
        }

        return this;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Runs++;
        if (Before is { } before)
        {
            await before(cancellationToken);
        }

        if (_script.TryDequeue(out var next))
        {
            _last = next;
        }

        return _last;
    }
}
