using System.Diagnostics.Metrics;
using Aide.Diagnostics;

namespace Aide.Health.Scheduling;

/// <summary>
/// Records how late each scheduled tick ran: exported as the histogram <c>aide.health.tick.lateness</c> (ms, tagged
/// with the job) for OpenTelemetry, and kept (the latest <see cref="Capacity"/> ticks) for percentiles.
/// </summary>
public sealed class LatenessRecorder : IDisposable
{
    /// <summary>How many of the latest ticks are kept for percentiles.</summary>
    public const int Capacity = 1 << 20;
    private readonly Meter _meter;
    private readonly Histogram<double> _histogram;
    private readonly Counter<long> _skipped;
    private readonly Lock _gate = new();
    private readonly List<double> _samples = [];
    private int _next;
    private double _last;

    /// <summary>Creates a recorder.</summary>
    /// <param name="meterFactory">Where its meter comes from (a host's); a meter of its own otherwise.</param>
    public LatenessRecorder(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(AideDiagnostics.MeterName) ?? new Meter(AideDiagnostics.MeterName);
        _histogram = _meter.CreateHistogram<double>("aide.health.tick.lateness", "ms", "How late a scheduled health tick ran after its deadline.");
        _skipped = _meter.CreateCounter<long>("aide.health.tick.skipped", "{tick}", "Ticks skipped because the previous run of the job was still going.");
    }

    /// <summary>Gets how many ticks were skipped because the previous run was still going.</summary>
    public long Skipped { get; private set; }

    /// <summary>Records one tick's lateness.</summary>
    /// <param name="job">The job that ticked.</param>
    /// <param name="lateness">How long after its deadline it ran.</param>
    public void Record(string job, TimeSpan lateness)
    {
        var ms = lateness.TotalMilliseconds;
        _histogram.Record(ms, new KeyValuePair<string, object?>("job", job));
        lock (_gate)
        {
            _last = ms;
            if (_samples.Count < Capacity)
            {
                _samples.Add(ms);
            }
            else
            {
                _samples[_next] = ms;
                _next = (_next + 1) % Capacity;
            }
        }
    }

    /// <summary>Records a tick skipped because the job's previous run was still going.</summary>
    /// <param name="job">The job.</param>
    public void RecordSkip(string job)
    {
        _skipped.Add(1, new KeyValuePair<string, object?>("job", job));
        lock (_gate)
        {
            Skipped++;
        }
    }

    /// <summary>Copies the recorded lateness values in milliseconds (for charts).</summary>
    public double[] Samples()
    {
        lock (_gate)
        {
            return [.. _samples];
        }
    }

    /// <summary>Summarises the recorded lateness.</summary>
    public LatenessSummary Summarize()
    {
        double[] sorted;
        double last;
        lock (_gate)
        {
            sorted = [.. _samples];
            last = _last;
        }

        Array.Sort(sorted);
        return new LatenessSummary(
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.99),
            Percentile(sorted, 0.999),
            sorted.Length == 0 ? 0 : sorted[^1],
            sorted.Length == 0 ? 0 : sorted[0],
            sorted.Length == 0 ? 0 : sorted.Average(),
            last,
            Skipped);
    }

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
