using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Aide.Cli.Bench;
using Aide.Cli.Bench.Checks;
using Aide.Cli.Output;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide bench</c>: runs the validation suite on this machine and prints the report's checks against Aide's targets.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the results as JSON (every sample included)." };
        var html = new Option<string>("--html") { Description = "Also write a self-contained HTML page with the table and charts (opens offline).", HelpName = "FILE" };
        var quick = new Option<bool>("--quick") { Description = "A few seconds instead of about a minute: fewer samples, rougher figures." };
        var only = new Option<string[]>("--only") { Description = "Run only these checks (comma-separated or repeated): " + string.Join(", ", ValidationSuite.Checks.SelectMany(c => c.Rows).Distinct()) + ".", HelpName = "CHECK", AllowMultipleArgumentsPerToken = true };
        var noFail = new Option<bool>("--no-fail") { Description = "Exit 0 even when a check fails (the report still says which)." };
        var probe = new Option<string>("--probe") { Hidden = true, Description = "Internal: one measurement in a fresh process." };
        var command = new Command("bench", "Run Aide's validation suite on this machine: each check of the design report, what it achieved, Aide's target, the measured value and pass/fail. Exit 5 when a check fails.") { json, html, quick, only, noFail, probe };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(probe) is { } name)
            {
                if (name.Split(' ') is [Bench.Gateway.BarePassthrough.ProbeName, var port, var upstream])
                {
                    await Bench.Gateway.BarePassthrough.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), upstream, cancellationToken);
                    return ExitCodes.Ok;
                }

                if (name != LazyLoadingCheck.ProbeName)
                {
                    console.WriteError($"unknown probe '{name}'");
                    return ExitCodes.UsageError;
                }

                await console.Out.WriteLineAsync(LazyLoadingCheck.Probe(console));
                return ExitCodes.Ok;
            }

            var selected = (result.GetValue(only) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var known = ValidationSuite.Checks.SelectMany(c => c.Rows.Append(c.Id)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (selected.FirstOrDefault(s => !known.Contains(s)) is { } unknown)
            {
                console.WriteError($"unknown check '{unknown}'. Checks: {string.Join(", ", ValidationSuite.Checks.SelectMany(c => c.Rows).Distinct())}.");
                return ExitCodes.UsageError;
            }

            var code = await RunAsync(console, result.GetValue(quick), selected, result.GetValue(json), result.GetValue(html), cancellationToken);
            return code == ExitCodes.CheckFailed && result.GetValue(noFail) ? ExitCodes.Ok : code;
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, bool quick, HashSet<string> only, bool json, string? html, CancellationToken cancellationToken)
    {
        if (html is not null && Path.GetDirectoryName(Path.GetFullPath(html)) is { } folder && !Directory.Exists(folder))
        {
            console.WriteError($"cannot write '{html}': the folder '{folder}' does not exist.");
            return ExitCodes.UsageError;
        }

        var options = quick ? BenchOptions.Quick : BenchOptions.Full;
        var scratch = Directory.CreateTempSubdirectory("aide-bench-").FullName;
        List<BenchCheck> checks;
        var started = TimeProvider.System.GetUtcNow();
        try
        {
            var context = new BenchContext(console, options, scratch, cancellationToken);
            checks = await ValidationSuite.RunAsync(context, only, (id, elapsed) => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}: {elapsed.TotalSeconds:0.0} s")));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var version = typeof(BenchCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var report = new BenchReport(version.Split('+')[0], started, BenchMachine.Current(), quick ? "quick" : "full", checks.Count(c => c.Passed), checks.Count(c => !c.Passed), checks);
        await LatestBench.SaveAsync(console, report, cancellationToken);
        if (html is not null)
        {
            var page = Encoding.UTF8.GetBytes(BenchHtml.Render(report));
            await PrivateFileWriter.WriteAtomicallyAsync(html, stream => stream.WriteAsync(page, cancellationToken).AsTask(), cancellationToken);
        }

        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, CliJsonContext.Readable.BenchReport));
            return report.Failed > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }

        if (Console.IsOutputRedirected)
        {
            console.AnsiOut.Profile.Width = Math.Max(console.AnsiOut.Profile.Width, 200); // a file or pipe gets the table unwrapped
        }

        var notes = new List<string>();
        var table = new Table().AddColumns("Check", "Design report", "Aide target", "Measured", "Spread", "Result");
        foreach (var check in checks)
        {
            table.AddRow(
                Markup.Escape(check.Name),
                Markup.Escape(check.Report),
                Markup.Escape(check.Target),
                Markup.Escape(check.Measured) + (check.Note is null ? string.Empty : $" [grey]({notes.Count + 1})[/]"),
                Markup.Escape(check.Spread),
                check.Passed ? "[green]pass[/]" : "[red]fail[/]");
            if (check.Note is { } note)
            {
                notes.Add(note);
            }
        }

        console.AnsiOut.Write(table);
        for (var i = 0; i < notes.Count; i++)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"({i + 1}) {notes[i]}"));
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Passed} of {checks.Count} checks passed on {report.Machine}.{(html is null ? string.Empty : $" Charts: {html}")}"));
        return report.Failed > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
    }
}
