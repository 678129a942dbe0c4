using Aide.Health;

namespace Aide.Server.Dashboard;

/// <summary>
/// Recent values of every health metric, for the sparklines: the monitor's snapshot read every
/// <see cref="Interval"/> (a dictionary read, no check is run), the last <see cref="Length"/> values kept per metric.
/// </summary>
internal sealed class HealthSamples : IDisposable
{
    public const int Length = 60;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly HealthMonitor _monitor;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Component, string Metric), Queue<double>> _samples = [];
    private readonly ITimer _timer;

    public HealthSamples(HealthMonitor monitor, TimeProvider timeProvider)
    {
        _monitor = monitor;
        _timer = timeProvider.CreateTimer(_ => Sample(), null, TimeSpan.Zero, Interval);
    }

    public IReadOnlyList<double> For(string component, string metric)
    {
        lock (_gate)
        {
            return _samples.TryGetValue((component, metric), out var values) ? [.. values] : [];
        }
    }

    public void Sample()
    {
        var snapshot = _monitor.Snapshot();
        lock (_gate)
        {
            foreach (var component in snapshot.Components.Where(c => c.CheckedAt is not null))
            {
                foreach (var (metric, value) in component.Metrics)
                {
                    if (!_samples.TryGetValue((component.Name, metric), out var values))
                    {
                        _samples[(component.Name, metric)] = values = new Queue<double>(Length);
                    }

                    values.Enqueue(value);
                    if (values.Count > Length)
                    {
                        values.Dequeue();
                    }
                }
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
