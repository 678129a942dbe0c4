using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Configuration;
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

        var key = new Argument<string>("key") { Description = "model, timeout, retries, systemPrompt, temperature, maxOutputTokens, providers, or providers[N].kind|address|model|apiKey" };
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
            console.Out.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.DictionaryStringString));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Key").AddColumn("Value").AddColumn("Source");
        foreach (var (rowKey, rowValue, source) in rows)
        {
            table.AddRow(Markup.Escape(rowKey), Markup.Escape(rowValue), Markup.Escape(source));
        }

        console.AnsiOut.Write(table);
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
            rows.Add((string.Create(CultureInfo.InvariantCulture, $"providers[{i}]"), $"{p} key: {(p.ApiKey is null ? "not set" : "set")}", Source(SettingKeys.Providers)));
        }

        rows.Add((SettingKeys.Model, settings.Model ?? "(per provider)", Source(SettingKeys.Model)));
        rows.Add((SettingKeys.Timeout, string.Create(CultureInfo.InvariantCulture, $"{settings.Timeout.TotalSeconds:0.###}s"), Source(SettingKeys.Timeout)));
        rows.Add((SettingKeys.Retries, settings.Retries.ToString(CultureInfo.InvariantCulture), Source(SettingKeys.Retries)));
        rows.Add((SettingKeys.SystemPrompt, settings.SystemPrompt ?? "(none)", Source(SettingKeys.SystemPrompt)));
        rows.Add((SettingKeys.Temperature, settings.Temperature?.ToString(CultureInfo.InvariantCulture) ?? "(provider default)", Source(SettingKeys.Temperature)));
        rows.Add((SettingKeys.MaxOutputTokens, settings.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "(provider default)", Source(SettingKeys.MaxOutputTokens)));
        return rows;
    }
}
