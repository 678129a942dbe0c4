using System.Diagnostics;

namespace Aide.Cli.Bench;

/// <summary>
/// Repeats a measurement until it is stable: batches of operations sized to take a few milliseconds each (so timer
/// resolution does not matter), until the median absolute deviation of the latest batches is within the tolerance
/// or the time budget runs out. BenchmarkDotNet does this best, but it needs a JIT and child builds, and
/// <c>aide bench</c> runs inside the user's native AOT binary in seconds, so this small loop stands in for it.
/// </summary>
internal sealed class StableSampler(BenchOptions options)
{
    /// <summary>Samples per-operation time in nanoseconds of <paramref name="batch"/>, which runs the operation n times.</summary>
    public async Task<Measurement> NanosecondsPerOperationAsync(Func<int, ValueTask> batch)
    {
        // Warm up (the first calls pay for JIT compilation), then calibrate: grow the batch until one takes at least
        // the batch target, measured twice in a row so a one-off pause cannot leave the batch too small.
        var warmUntil = Stopwatch.GetTimestamp() + (long)(options.WarmUp.TotalSeconds * Stopwatch.Frequency);
        do
        {
            await batch(1);
        }
        while (Stopwatch.GetTimestamp() < warmUntil);

        var n = 1;
        var reached = 0;
        while (reached < 2 && n < 1 << 28)
        {
            var started = Stopwatch.GetTimestamp();
            await batch(n);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= options.BatchTarget)
            {
                reached++;
                continue;
            }

            reached = 0;
            n *= elapsed.Ticks == 0 ? 16 : Math.Clamp((int)(options.BatchTarget.Ticks * 1.2 / elapsed.Ticks), 2, 16);
        }

        return await RepeatAsync("ns", async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await batch(n);
            return Stopwatch.GetElapsedTime(started).TotalNanoseconds / n;
        });
    }

    /// <summary>Samples per-operation time in nanoseconds of a synchronous operation.</summary>
    public Task<Measurement> NanosecondsPerOperationAsync(Action<int> batch) =>
        NanosecondsPerOperationAsync(n =>
        {
            batch(n);
            return ValueTask.CompletedTask;
        });

    /// <summary>Repeats <paramref name="sample"/> (one value per call) until stable, between the minimum and maximum counts.</summary>
    public async Task<Measurement> RepeatAsync(string unit, Func<Task<double>> sample, int? minimum = null, int? maximum = null)
    {
        var min = minimum ?? options.MinimumSamples;
        var max = maximum ?? options.MaximumSamples;
        var samples = new List<double>();
        var started = Stopwatch.GetTimestamp();
        var stable = false;
        while (samples.Count < max)
        {
            samples.Add(await sample());
            if (samples.Count >= min)
            {
                stable = IsStable(samples, min, options.Tolerance);
                if (stable || Stopwatch.GetElapsedTime(started) > options.TimeBudget)
                {
                    break;
                }
            }
        }

        return Measurement.Of(unit, samples, stable);
    }

    /// <summary>The latest <paramref name="window"/> samples agree: their median absolute deviation is within the tolerance of their median.</summary>
    internal static bool IsStable(List<double> samples, int window, double tolerance)
    {
        var recent = samples.Skip(samples.Count - window).ToArray();
        var m = Measurement.Of("", recent, stable: false);
        return m.SpreadPercent <= tolerance * 100;
    }
}
