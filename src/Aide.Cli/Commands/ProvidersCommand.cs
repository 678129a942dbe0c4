using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Providers;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide providers</c>: each configured provider, its model, and whether it answers right now.</summary>
internal static class ProvidersCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the statuses as JSON." };
        var models = new Option<bool>("--models") { Description = "Also list the models each server offers (what --model and aide serve's model names can pick)." };
        var options = new ChatOptions();
        var command = new Command("providers", "List the configured providers (or those auto-detection would try) and check whether each answers now.");
        command.Options.Add(json);
        command.Options.Add(models);
        command.Options.Add(options.Provider);
        command.Options.Add(options.Model);
        command.SetAction((result, cancellationToken) => RunAsync(console, options.ToOverrides(result), result.GetValue(json), result.GetValue(models), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, AideSettingsOverrides overrides, bool json, bool listModels, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ProviderSelector.LoadSettings(console, overrides);
            var configured = settings.Providers.Count > 0;
            var candidates = configured ? settings.Providers : Candidates(settings, console);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var probe = new ProviderProbe(http, TimeProvider.System);
            var statuses = await Task.WhenAll(candidates.Select(p => probe.ProbeAsync(p, ProbeTimeout, cancellationToken)));

            // A provider that lists its models but failed every recent chat (journal) is not "ok".
            using var calls = HealthRun.RecentCalls(console, bus: null);
            statuses = [.. statuses.Select(s => s.State == ProviderState.Ok && calls.For(s.Provider.Name) is { AllFailing: true } failing
                ? s with { State = ProviderState.Error, Detail = $"answers probes, but its last {failing.Calls} chats failed ({failing.LatestFailure}); {s.Detail}" }
                : s)];

            if (json)
            {
                var rows = statuses.Select(s => new ProviderJsonStatus(
                    s.Provider.KindName, s.Provider.DisplayAddress, s.Provider.Model, s.State.ToString().ToLowerInvariant(),
                    s.State == ProviderState.Down ? null : s.Latency.TotalMilliseconds, s.Detail, s.ModelListed, configured) { Models = listModels ? s.Models : null }).ToArray();
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, CliJsonContext.Readable.ProviderJsonStatusArray));
            }
            else
            {
                Render(console, statuses, configured);
                if (listModels)
                {
                    RenderModels(console, statuses);
                }
            }

            return statuses.Any(s => s.State == ProviderState.Ok) ? ExitCodes.Ok : ExitCodes.ProviderError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json);
        }
    }

    /// <summary>Without configuration, show what auto-detection would try, in its order.</summary>
    private static List<ProviderSettings> Candidates(AideSettings settings, CliConsole console)
    {
        // As auto-detection: an OpenAI-compatible endpoint only when a key or base URL says so, never the public API unasked.
        var openAI = ((string[])[SettingKeys.ApiKeyVariable, "OPENAI_API_KEY", "OPENAI_BASE_URL"]).Any(v => !string.IsNullOrWhiteSpace(console.Environment.GetValueOrDefault(v)));
        var overrides = new AideSettingsOverrides { Providers = openAI ? ["ollama", "openai"] : ["ollama"], Model = settings.Model };
        var detected = AideSettingsLoader.Load(new AideSettingsSources { Environment = console.Environment, ConfigFilePath = settings.ConfigFilePath, Overrides = overrides }).Providers;
        return ProviderSelector.DownloadedModel(console) is { } local ? [local, .. detected] : [.. detected];
    }

    /// <summary>Each provider's models, one per line under it, sorted: what a script can read and a person can scan.</summary>
    private static void RenderModels(CliConsole console, ProviderStatus[] statuses)
    {
        foreach (var status in statuses)
        {
            console.Out.WriteLine();
            console.Out.WriteLine(status.Models.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{status.Provider.KindName}={status.Provider.DisplayAddress} ({Count.Of(status.Models.Count, "model")}):")
                : $"{status.Provider.KindName}={status.Provider.DisplayAddress}: no model list ({(status.State == ProviderState.Ok ? "it lists none" : status.Detail)})");
            foreach (var model in status.Models.Order(StringComparer.OrdinalIgnoreCase))
            {
                console.Out.WriteLine("  " + Output.TerminalText.Safe(model));
            }
        }
    }

    private static void Render(CliConsole console, ProviderStatus[] statuses, bool configured)
    {
        var rows = statuses.Select((status, index) => new[]
        {
            (index + 1).ToString(CultureInfo.InvariantCulture),
            status.Provider.KindName,
            status.Provider.DisplayAddress,
            status.Provider.Model ?? "(default)",
            status.State switch { ProviderState.Ok => "ok", ProviderState.Error => "error", _ => "down" },
            status.State == ProviderState.Down ? "-" : string.Create(CultureInfo.InvariantCulture, $"{status.Latency.TotalMilliseconds:0} ms"),
            (status.ModelListed == false ? "model not listed; " : string.Empty) + status.Detail,
        }).ToList();
        var table = OneLineTable.Create(console.AnsiOut.Profile.Width, ["#", "Provider", "Address", "Model", "Status", "Latency", "Detail"], textColumn: 6, rows, (row, column) => column switch
        {
            3 when statuses[row].ModelListed == false => new Style(Color.Yellow),
            4 => new Style(statuses[row].State switch { ProviderState.Ok => Color.Green, ProviderState.Error => Color.Yellow, _ => Color.Red }),
            _ => (Style?)null,
        }, wrapText: true);
        console.AnsiOut.Write(table);
        if (!configured)
        {
            console.AnsiOut.MarkupLine("[grey]No providers configured: these are what auto-detection tries, in order. Set one with[/] aide config set providers KIND=ADDRESS");
        }
    }
}
