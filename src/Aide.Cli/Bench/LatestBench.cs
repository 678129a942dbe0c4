using System.Text;
using System.Text.Json;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Server.Dashboard;
using Aide.Storage;

namespace Aide.Cli.Bench;

/// <summary>
/// The latest <c>aide bench</c> results, kept in the data folder (<c>bench/latest.json</c>, private) for the
/// dashboard's benchmarks panel, which shows them with the same charts as <c>--html</c>.
/// </summary>
internal static class LatestBench
{
    public static string PathIn(CliConsole console) => Path.Combine(AidePaths.Resolve(console.Environment).DataDirectory, "bench", "latest.json");

    /// <summary>Keeps the results; a failure to keep them is a warning, not a failed run.</summary>
    public static async Task SaveAsync(CliConsole console, BenchReport report, CancellationToken cancellationToken)
    {
        var path = PathIn(console);
        try
        {
            PrivateDirectory.Create(Path.GetDirectoryName(path)!);
            var json = JsonSerializer.SerializeToUtf8Bytes(report, CliJsonContext.Default.BenchReport);
            await PrivateFileWriter.WriteAtomicallyAsync(path, stream => stream.WriteAsync(json, cancellationToken).AsTask(), cancellationToken);
        }
        catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException)
        {
            console.WriteWarning($"the results were not kept for the dashboard ({CliText.Clause(e.Message)}).");
        }
    }

    /// <summary>The saved results for the dashboard; <see langword="null"/> when none were saved or the file cannot be read as a report.</summary>
    public static async Task<DashboardBench?> LoadAsync(CliConsole console, CancellationToken cancellationToken)
    {
        var path = PathIn(console);
        if (!File.Exists(path) || new FileInfo(path).Length > 64 << 20)
        {
            return null;
        }

        try
        {
            var json = await File.ReadAllBytesAsync(path, cancellationToken);
            return JsonSerializer.Deserialize(json, CliJsonContext.Default.BenchReport) is { } report
                ? new DashboardBench(Encoding.UTF8.GetString(json), BenchHtml.Charts(report))
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
