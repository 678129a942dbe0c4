using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide config show|set|unset|path</c>: inspect and change the config file.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("config", "Show or change the configuration.");

        var json = new Option<bool>("--json") { Description = "Print the effective settings as JSON." };
        var show = new Command("show", "Show the effective settings and where each comes from (API keys are never shown).");
        show.Options.Add(json);
        show.SetAction(result => Run(console, result.GetValue(json), () => Show(console, result.GetValue(json))));

        var key = new Argument<string>("key") { Description = $"One of: {string.Join(", ", SettingKeys.Scalars)}, {SettingKeys.Providers}, {SettingKeys.Providers}[N].{string.Join('|', SettingKeys.ProviderFields)}, or {SettingKeys.Aliases}.NAME (a model alias; {SettingKeys.Prices} is set in the file itself)." };
        var value = new Argument<string>("value") { Description = "The new value; for providers, comma-separated KIND=ADDRESS." };
        var set = new Command("set", "Set a key in the config file (validated first; the file is written atomically and private to you).");
        set.Arguments.Add(key);
        set.Arguments.Add(value);
        set.SetAction(result => Run(console, false, () => Change(console, result.GetValue(key)!, result.GetValue(value))));

        var unsetKey = new Argument<string>("key") { Description = "The key to remove." };
        var unset = new Command("unset", "Remove a key from the config file, so the default applies.");
        unset.Arguments.Add(unsetKey);
        unset.SetAction(result => Run(console, false, () => Change(console, result.GetValue(unsetKey)!, null)));

        var path = new Command("path", "Print the config file's path.");
        path.SetAction(_ => Run(console, false, () => console.Out.WriteLine(AidePaths.Resolve(console.Environment).ConfigFile)));

        command.Subcommands.Add(show);
        command.Subcommands.Add(set);
        command.Subcommands.Add(unset);
        command.Subcommands.Add(path);
        return command;
    }

    private static int Run(CliConsole console, bool json, Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(console, ex, json);
        }
    }

    private static void Change(CliConsole console, string key, string? value)
    {
        var path = AidePaths.Resolve(console.Environment).ConfigFile;
        ConfigFileWriter.Set(path, key, value, console.Environment);
        var secret = key.Contains("apiKey", StringComparison.OrdinalIgnoreCase);
        console.Out.WriteLine(value is null ? $"Removed {key} from {path}." : $"Set {key}{(secret ? string.Empty : $" = {value}")} in {path}.");
    }

    private static void Show(CliConsole console, bool json)
    {
        var settings = ProviderSelector.LoadSettings(console, new AideSettingsOverrides());
        var rows = Rows(settings);
        if (json)
        {
            var document = rows.ToDictionary(r => r.Key, r => r.Value);
            console.Out.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Readable.DictionaryStringString));
            return;
        }

        // The file's path is printed once below the table, not in every row it sets.
        var file = settings.ConfigFilePath is { Length: > 0 } configFile ? " " + configFile : null;
        var cells = rows.Select(r => new[] { r.Key, r.Value, file is null ? r.Source : r.Source.Replace(file, string.Empty, StringComparison.Ordinal) }).ToList();
        console.AnsiOut.Write(OneLineTable.Create(console.AnsiOut.Profile.Width, ["Key", "Value", "Source"], textColumn: 1, cells, wrapText: true));
        console.AnsiOut.MarkupLine($"[grey]Config file:[/] {Markup.Escape(settings.ConfigFilePath ?? string.Empty)}{(File.Exists(settings.ConfigFilePath) ? string.Empty : " [grey](not created yet)[/]")}");
    }

    private static List<(string Key, string Value, string Source)> Rows(AideSettings settings)
    {
        string Source(string key) => settings.Sources.GetValueOrDefault(key, "default");
        var rows = new List<(string, string, string)>();
        if (settings.Providers.Count == 0)
        {
            rows.Add((SettingKeys.Providers, "(none: auto-detect Ollama, then OPENAI_API_KEY / OPENAI_BASE_URL)", Source(SettingKeys.Providers)));
        }

        for (var i = 0; i < settings.Providers.Count; i++)
        {
            var p = settings.Providers[i];
            rows.Add((string.Create(CultureInfo.InvariantCulture, $"providers[{i}]"), p.ToString(), Source(SettingKeys.Providers)));
            rows.Add((string.Create(CultureInfo.InvariantCulture, $"providers[{i}].apiKey"), p.ApiKey is null ? "not set" : "set (not shown)", p.ApiKey is null ? "-" : "entry, AIDE_API_KEY or OPENAI_API_KEY"));
        }

        rows.Add((SettingKeys.Model, settings.Model ?? "(per provider)", Source(SettingKeys.Model)));
        rows.Add((SettingKeys.Timeout, Duration(settings.Timeout), Source(SettingKeys.Timeout)));
        rows.Add((SettingKeys.Retries, settings.Retries.ToString(CultureInfo.InvariantCulture), Source(SettingKeys.Retries)));
        rows.Add((SettingKeys.SystemPrompt, settings.SystemPrompt ?? "(none)", Source(SettingKeys.SystemPrompt)));
        rows.Add((SettingKeys.Temperature, settings.Temperature?.ToString(CultureInfo.InvariantCulture) ?? "(provider default)", Source(SettingKeys.Temperature)));
        rows.Add((SettingKeys.MaxOutputTokens, settings.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "(provider default)", Source(SettingKeys.MaxOutputTokens)));
        rows.Add((SettingKeys.Journal, Flag(settings.Journal), Source(SettingKeys.Journal)));
        rows.Add((SettingKeys.History, Flag(settings.History), Source(SettingKeys.History)));
        rows.Add((SettingKeys.ContextTokens, settings.ContextTokens?.ToString(CultureInfo.InvariantCulture) ?? "(per model)", Source(SettingKeys.ContextTokens)));
        rows.Add((SettingKeys.ReplyTokens, settings.ReplyTokens?.ToString(CultureInfo.InvariantCulture) ?? "(maxOutputTokens, else 1024)", Source(SettingKeys.ReplyTokens)));
        rows.Add((SettingKeys.Summarize, Flag(settings.Summarize), Source(SettingKeys.Summarize)));
        rows.Add((SettingKeys.Cache, Flag(settings.Cache), Source(SettingKeys.Cache)));
        rows.Add((SettingKeys.CacheTtl, Duration(settings.CacheTimeToLive), Source(SettingKeys.CacheTtl)));
        rows.Add((SettingKeys.CacheSize, ByteSize.Format(settings.CacheSize), Source(SettingKeys.CacheSize)));
        rows.Add((SettingKeys.CacheSampled, Flag(settings.CacheSampled), Source(SettingKeys.CacheSampled)));
        rows.Add((SettingKeys.CachePolicy, settings.CachePolicy.ToString().ToLowerInvariant(), Source(SettingKeys.CachePolicy)));
        rows.Add((SettingKeys.CacheCodec, settings.CacheCodec.ToString().ToLowerInvariant(), Source(SettingKeys.CacheCodec)));
        rows.Add((SettingKeys.BreakDuration, Duration(settings.BreakDuration), Source(SettingKeys.BreakDuration)));
        rows.Add((SettingKeys.Budget, settings.Budget?.ToString() ?? "(none)", Source(SettingKeys.Budget)));
        rows.Add((SettingKeys.Tools, settings.Tools.Count == 0 ? "(none)" : string.Join(',', settings.Tools), Source(SettingKeys.Tools)));
        rows.Add((SettingKeys.MaxToolRounds, settings.MaxToolRounds.ToString(CultureInfo.InvariantCulture), Source(SettingKeys.MaxToolRounds)));
        rows.Add((SettingKeys.ToolsAllow, settings.ToolsAllow.Count == 0 ? "(none: tools that may write ask first)" : string.Join(',', settings.ToolsAllow), Source(SettingKeys.ToolsAllow)));
        rows.Add((SettingKeys.ToolsHttpAllow, settings.ToolsHttpAllow.Count == 0 ? "(loopback only)" : string.Join(',', settings.ToolsHttpAllow), Source(SettingKeys.ToolsHttpAllow)));
        foreach (var server in settings.McpServers)
        {
            // An address without its query (which may carry a key); a command line as configured.
            var shown = server.Url is { } url ? url.GetLeftPart(UriPartial.Path) : server.ToString();
            rows.Add(($"{SettingKeys.McpServers}.{server.Name}", shown, Source(SettingKeys.McpServers)));
        }

        foreach (var (alias, target) in settings.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            rows.Add(($"{SettingKeys.Aliases}.{alias}", target, Source(SettingKeys.Aliases)));
        }

        var overrides = settings.Prices.Prices.Count - Usage.PriceTable.Default.Prices.Count;
        rows.Add((SettingKeys.Prices, string.Create(CultureInfo.InvariantCulture, $"{(overrides > 0 ? $"{overrides} configured, over " : string.Empty)}defaults as of {Usage.PriceTable.DefaultsAsOf:yyyy-MM-dd} (aide usage prices)"), Source(SettingKeys.Prices)));
        return rows;
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>A duration in the largest unit that holds it whole, as the settings take it: 7d, 30s, 500ms.</summary>
    internal static string Duration(TimeSpan value) => value switch
    {
        { Ticks: > 0 } when value.Ticks % TimeSpan.TicksPerDay == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalDays:0}d"),
        { Ticks: > 0 } when value.Ticks % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalHours:0}h"),
        { Ticks: > 0 } when value.Ticks % TimeSpan.TicksPerMinute == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0}m"),
        { Ticks: > 0 } when value.Ticks % TimeSpan.TicksPerSecond == 0 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.###}ms"),
    };
}
