using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Usage;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide usage [--since 7d] [--by day|provider|model|session|key] [--json|--csv]</c>: tokens, cost and cache savings
/// from the usage ledger in the history store (the CLI's turns and <c>aide serve</c>'s requests), summed in SQL.
/// </summary>
internal static class UsageCommand
{
    public static Command Create(CliConsole console)
    {
        var since = new Option<string>("--since") { Description = "How far back: a duration (24h, 7d, 30d) or a date (2026-12-01).", HelpName = "WHEN", DefaultValueFactory = _ => "30d" };
        var by = new Option<string>("--by") { Description = "Group by day, provider, model, session or key.", HelpName = "GROUP", DefaultValueFactory = _ => "model" };
        by.AcceptOnlyFromAmong("day", "provider", "model", "session", "key");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (a header, one row per group, then the total)." };
        var currency = new Option<string?>("--currency") { Description = "Sum costs in this currency (default: the budget's, else USD); answers priced in another count as unpriced.", HelpName = "CODE" };
        var command = new Command("usage", "Tokens, cost and what the cache saved, per model (or day, provider, session, key), from the stored history and aide serve's records.")
        {
            since, by, json, csv, currency,
        };
        command.AddValidator(result =>
        {
            if (result.GetValue(json) && result.GetValue(csv))
            {
                result.AddError("--json and --csv cannot be used together; pick one.");
            }
        });
        command.Subcommands.Add(Prices(console));
        command.SetAction((result, ct) => StoreScope.RunAsync(console, result.GetValue(json), async scope =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var query = new UsageQuery
            {
                Since = ParseSince(result.GetValue(since)!, now),
                Until = now,
                By = Enum.Parse<UsageGrouping>(result.GetValue(by)!, ignoreCase: true),
                Currency = (result.GetValue(currency) ?? scope.Settings.Budget?.Currency ?? "USD").ToUpperInvariant(),
                UtcOffset = TimeZoneInfo.Local.GetUtcOffset(now),
            };
            var report = await scope.Store.ReportAsync(query, ct);
            if (result.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(Json(report, now), CliJsonContext.Readable.UsageJson));
            }
            else if (result.GetValue(csv))
            {
                await console.Out.WriteAsync(Csv(report));
            }
            else
            {
                Print(console, report, scope.Settings.Budget is { } budget ? await BudgetAsync(scope, budget, now, ct) : null);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeZoneInfo.Local.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
        }

        try
        {
            return now - SettingParsers.Duration(new SettingValue(text, "--since"), "since", TimeSpan.FromDays(36_500), TimeSpan.FromMinutes(1));
        }
        catch (Aide.Configuration.AideConfigurationException)
        {
            throw new UsageException($"--since '{text}' is neither a duration (24h, 7d, 30d) nor a date (2026-12-01).");
        }
    }

    private static async Task<BudgetStatus> BudgetAsync(StoreScope scope, UsageBudget budget, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (start, end) = budget.PeriodOf(now);
        return new BudgetStatus(budget, await scope.Store.SpentNanosAsync(null, budget.Currency, start, cancellationToken), start, end);
    }

    private static void Print(CliConsole console, UsageReport report, BudgetStatus? budget)
    {
        var currency = report.Query.Currency;
        if (report.Total.Requests == 0)
        {
            console.Out.WriteLine("No usage recorded in this period. Answers are recorded as aide ask, aide chat and aide serve give them (with history on).");
        }
        else
        {
            var rows = report.Groups.Append(report.Total).Select(g => new[]
            {
                g == report.Total ? "Total" : g.Name,
                g.Requests.ToString("N0", CultureInfo.InvariantCulture),
                g.CachedRequests.ToString("N0", CultureInfo.InvariantCulture),
                g.InputTokens.ToString("N0", CultureInfo.InvariantCulture),
                g.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
                g.Requests == g.UnpricedRequests ? "unpriced" : UsageMoney.Format(g.Cost, currency) + (g.UnpricedRequests > 0 ? "*" : string.Empty),
                UsageMoney.Format(g.Saved, currency),
                report.ShareOf(g).ToString("0%", CultureInfo.InvariantCulture),
            }).ToList();
            string[] headers = [Heading(report.Query.By), "Answers", "Cached", "Tokens in", "Tokens out", "Cost", "Saved", report.SharesOfCost ? "Share" : "Share (tokens)"];
            console.AnsiOut.Write(OneLineTable.Create(console.AnsiOut.Profile.Width, headers, textColumn: 0, rows));
            var notes = new List<string>();
            if (report.Total.UnpricedRequests > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"* {report.Total.UnpricedRequests:N0} answers unpriced (local or unknown models, or priced in another currency than {currency}): counted as 0."));
            }

            if (report.Total.EstimatedRequests > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{report.Total.EstimatedRequests:N0} answers had no usage from their provider: their tokens are Aide's estimate."));
            }

            foreach (var note in notes)
            {
                console.Out.WriteLine(note);
            }
        }

        if (budget is not null)
        {
            console.Out.WriteLine("Budget: " + budget.Describe() + ".");
        }
    }

    private static string Heading(UsageGrouping by) => by switch
    {
        UsageGrouping.Day => "Day",
        UsageGrouping.Provider => "Provider",
        UsageGrouping.Session => "Session",
        UsageGrouping.Key => "Key",
        _ => "Model",
    };

    private static UsageJson Json(UsageReport report, DateTimeOffset now) => new(
        report.Query.Since,
        report.Query.Until ?? now,
        report.Query.By.ToString().ToLowerInvariant(),
        report.Query.Currency,
        report.SharesOfCost ? "cost" : "tokens",
        [.. report.Groups.Select(g => Group(report, g))],
        Group(report, report.Total));

    private static UsageJsonGroup Group(UsageReport report, UsageTotals g) => new(
        g.Name, g.Requests, g.CachedRequests, g.EstimatedRequests, g.UnpricedRequests, g.InputTokens, g.CachedInputTokens, g.OutputTokens, g.Cost, g.Saved, Math.Round(report.ShareOf(g), 6));

    private static string Csv(UsageReport report)
    {
        var text = new StringBuilder();
        text.Append(report.Query.By.ToString().ToLowerInvariant()).Append(",requests,cached_requests,estimated_requests,unpriced_requests,input_tokens,cached_input_tokens,output_tokens,cost,saved,share,currency\n");
        foreach (var g in report.Groups.Append(report.Total))
        {
            var name = g == report.Total ? "total" : g.Name;
            text.Append(CsvField(name)).Append(CultureInfo.InvariantCulture, $",{g.Requests},{g.CachedRequests},{g.EstimatedRequests},{g.UnpricedRequests},{g.InputTokens},{g.CachedInputTokens},{g.OutputTokens},{g.Cost:0.#########},{g.Saved:0.#########},{report.ShareOf(g):0.######},{report.Query.Currency}\n");
        }

        return text.ToString();
    }

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets.</summary>
    private static string CsvField(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static Command Prices(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("prices", "The price table: each model's input, cached-input and output price per million tokens (config prices over Aide's dated defaults).") { json };
        command.SetAction(result =>
        {
            try
            {
                var settings = ProviderSelector.LoadSettings(console, new AideSettingsOverrides());
                var table = settings.Prices;
                var configured = table.Prices.Count - PriceTable.Default.Prices.Count;
                var prices = table.Prices.Select((p, i) => new PriceJson(
                    p.Model, p.Provider, p.InputPerMillion, p.CachedInputPerMillion, p.OutputPerMillion, p.Currency,
                    p.ValidFrom == DateOnly.MinValue ? null : p.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i < configured)).ToArray();
                if (result.GetValue(json))
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(prices, CliJsonContext.Readable.PriceJsonArray));
                    return ExitCodes.Ok;
                }

                var rows = prices.Select(p => new[]
                {
                    p.Model, p.Provider ?? "any", Money(p.Input), p.CachedInput is { } c ? Money(c) : "-", Money(p.Output), p.Currency, p.ValidFrom ?? "-", p.Configured ? "config" : "default",
                }).ToList();
                console.AnsiOut.Write(OneLineTable.Create(console.AnsiOut.Profile.Width, ["Model", "Provider", "Input/M", "Cached/M", "Output/M", "Currency", "From", "Source"], textColumn: 0, rows));
                console.Out.WriteLine($"Defaults as of {PriceTable.DefaultsAsOf:yyyy-MM-dd}; other models (local ones included) are unpriced. Override or add prices with the config file's \"prices\".");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ErrorReporter.Report(console, ex, result.GetValue(json));
            }
        });
        return command;
    }

    private static string Money(decimal perMillion) => perMillion.ToString("0.00###", CultureInfo.InvariantCulture);
}
