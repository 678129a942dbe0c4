using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aide.Storage;

using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>
/// Changes one key of the JSON config file. The new content is validated before anything is written, the file
/// is replaced atomically (a crash leaves the old or the new file, never half of one), and it is created
/// readable by its owner only, since it may hold API keys. A file that is not valid JSON is never overwritten.
/// </summary>
internal static class ConfigFileWriter
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, or removes it when <paramref name="value"/> is <see langword="null"/>.</summary>
    /// <param name="path">The config file.</param>
    /// <param name="key">
    /// A scalar key (<c>model</c>, <c>timeout</c>, …); <c>providers</c> with comma-separated <c>KIND=ADDRESS</c> specs;
    /// or one provider field as <c>providers[0].model</c> (an index one past the end appends).
    /// </param>
    /// <param name="value">The new value.</param>
    /// <param name="environment">Environment for validating provider defaults; <see langword="null"/> reads the process environment.</param>
    /// <exception cref="AideConfigurationException">The key is unknown, the value invalid, or the file unreadable.</exception>
    public static void Set(string path, string key, string? value, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var root = ReadRoot(path);
        Apply(root, key.Trim(), value);
        var text = root.ToJsonString(WriteOptions) + "\n";

        // Validate exactly what will be written, as the loader will read it.
        var warnings = new List<string>();
        try
        {
            var layer = ConfigFileReader.Parse(text, path, warnings);
            AideSettingsLoader.Resolve(path, layer, new SettingsLayer(), new SettingsLayer(), environment ?? AidePaths.ReadProcessEnvironment(), warnings);
        }
        catch (AideConfigurationException ex) when (ex.Key is not null && value is not null && ex.Key.Equals(SettingKeys.Canonical(key.Trim()) ?? key.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            // The value given was checked as it would be written to the file, so the loader names the file as its
            // source; it never got there, and saying so is what the user needs.
            throw new AideConfigurationException(ex.Message.Replace($" from config file {path}", string.Empty, StringComparison.Ordinal) + " Nothing was written.", ex)
            {
                Key = ex.Key,
                ValueSource = ex.ValueSource,
            };
        }

        WriteAtomically(path, text);
    }

    private static JsonObject ReadRoot(string path)
    {
        if (!Path.Exists(path))
        {
            return [];
        }

        var text = ConfigFileReader.ReadText(path);
        ConfigFileReader.Parse(text, path, []); // throws a located error for malformed JSON
        return JsonNode.Parse(text, documentOptions: ConfigFileReader.DocumentOptions) as JsonObject ?? [];
    }

    private static void Apply(JsonObject root, string key, string? value)
    {
        if (TryParseProviderField(key, out var index, out var field))
        {
            var providers = root[SettingKeys.Providers] as JsonArray ?? [];
            root[SettingKeys.Providers] = providers;
            if (value is null ? index >= providers.Count : index > providers.Count)
            {
                var next = value is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; the next new entry is providers[{providers.Count}]");
                throw new AideConfigurationException(string.Create(CultureInfo.InvariantCulture, $"There is no providers[{index}]: the config file has {providers.Count} provider(s){next}.")) { Key = key };
            }

            if (index == providers.Count)
            {
                providers.Add((JsonNode)new JsonObject());
            }

            var item = providers[index] as JsonObject ?? throw new AideConfigurationException($"providers[{index}] in the config file is not an object.") { Key = key };
            SetOrRemove(item, field, value);
            return;
        }

        if (key.StartsWith(SettingKeys.Aliases + ".", StringComparison.OrdinalIgnoreCase))
        {
            var name = key[(SettingKeys.Aliases.Length + 1)..];
            if (!ModelAliases.IsValidName(name))
            {
                throw new AideConfigurationException($"'{name}' cannot be an alias: use a short name without '/', spaces or control characters.") { Key = key };
            }

            var aliases = root[SettingKeys.Aliases] as JsonObject ?? [];
            root[SettingKeys.Aliases] = aliases;
            if (value is null)
            {
                aliases.Remove(name);
            }
            else
            {
                aliases[name] = JsonValue.Create(value.Trim());
            }

            return;
        }

        var canonical = SettingKeys.Canonical(key)
            ?? throw new AideConfigurationException($"Unknown key '{key}'. Known keys: {SettingKeys.Providers}, providers[N].{{{string.Join('|', SettingKeys.ProviderFields)}}}, {string.Join(", ", SettingKeys.Scalars)}, {SettingKeys.Aliases}.NAME.") { Key = key };
        if (canonical == SettingKeys.Providers && value is not null)
        {
            var array = new JsonArray();
            foreach (var spec in value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (kind, address) = ProviderSpec.Split(spec);
                var entry = new JsonObject { ["kind"] = kind };
                if (address is not null)
                {
                    entry["address"] = address;
                }

                array.Add((JsonNode)entry);
            }

            root[SettingKeys.Providers] = array;
            return;
        }

        SetOrRemove(root, canonical, value);
    }

    private static void SetOrRemove(JsonObject target, string name, string? value)
    {
        // Keys are matched case-insensitively on read, so drop any other spelling before writing ours.
        foreach (var existing in target.Select(p => p.Key).Where(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            target.Remove(existing);
        }

        if (value is not null)
        {
            target[name] = SettingKeys.Booleans.Contains(name) && bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && name is not ("model" or "apiKey" or "address" or SettingKeys.SystemPrompt)
                ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }
    }

    private static bool TryParseProviderField(string key, out int index, out string field)
    {
        // Accepts providers[0].model, providers.0.model and providers:0:model.
        var parts = key.Replace('[', '.').Replace("]", string.Empty, StringComparison.Ordinal).Replace(':', '.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        index = -1;
        field = string.Empty;
        if (parts.Length != 3 || !parts[0].Equals(SettingKeys.Providers, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        var name = parts[2];
        field = SettingKeys.ProviderFields.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new AideConfigurationException($"Unknown provider field '{name}'; known: {string.Join(", ", SettingKeys.ProviderFields)}.") { Key = key };
        return true;
    }

    /// <summary>Writes the file privately and atomically (<see cref="AtomicFile"/>), creating its folder (0700) if needed.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        try
        {
            PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, Encoding.UTF8.GetBytes(text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AideConfigurationException($"Cannot write the config file {path}: {ex.Message}", ex) { ValueSource = path };
        }
    }
}
