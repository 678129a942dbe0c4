using System.Globalization;
using Aide.Benchmarking;

namespace Aide.Benchmarks;

/// <summary>
/// Durable append latency as a distribution (BenchmarkDotNet reports means; the target is a p99):
/// <c>dotnet run -c Release --project benchmarks/Aide.Benchmarks -- append-latency [N]</c>.
/// Each append is one committed transaction with synchronous=FULL (fsync of the WAL), as <c>aide</c> does it, then
/// the same with NORMAL; the appends are <c>aide bench</c>'s (<see cref="AppendRun"/>).
/// </summary>
internal static class AppendLatency
{
    public static async Task RunAsync(int count)
    {
        var directory = Directory.CreateTempSubdirectory("aide-append-").FullName;
        try
        {
            foreach (var sync in (bool[])[true, false])
            {
                var path = Path.Combine(directory, $"sync-{sync}.db");
                var samples = await AppendRun.MeasureAsync(path, count, sync, CancellationToken.None);
                Array.Sort(samples);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"append ({(sync ? "synchronous=FULL, durable" : "synchronous=NORMAL")}), {count} appends: p50 {samples[count / 2]:0.000} ms, p90 {samples[count * 9 / 10]:0.000} ms, p95 {samples[count * 95 / 100]:0.000} ms, p98 {samples[count * 98 / 100]:0.000} ms, p99 {samples[count * 99 / 100]:0.000} ms, p99.5 {samples[count * 995 / 1000]:0.000} ms, max {samples[^1]:0.000} ms"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
