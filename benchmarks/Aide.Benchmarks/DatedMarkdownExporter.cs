using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace Aide.Benchmarks;

/// <summary>
/// BenchmarkDotNet's GitHub-markdown table with the date and machine on top (<c>*-report-dated.md</c>), the form
/// committed under benchmarks/results: BenchmarkDotNet's own header names the machine but not the day.
/// </summary>
internal sealed class DatedMarkdownExporter : ExporterBase
{
    protected override string FileExtension => "md";

    protected override string FileCaption => "report-dated";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        logger.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {summary.Title}"));
        logger.WriteLine();
        logger.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- Date: {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC"));
        logger.WriteLine("- Machine: " + string.Join("; ", BenchmarkDotNet.Environments.HostEnvironmentInfo.GetInformation().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)));
        logger.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project benchmarks/Aide.Benchmarks -- {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}`"));
        logger.WriteLine();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
    }
}
