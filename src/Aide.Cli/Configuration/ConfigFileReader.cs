using System.Globalization;
using System.Text.Json;

using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>Reads the JSON config file into a <see cref="SettingsLayer"/>, with errors that give the file, line and column.</summary>
internal static class ConfigFileReader
{
    internal static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A key written twice is ambiguous (which one wins?): an error with its line, not a silent choice.
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    /// <summary>The largest config file read (1 MB): settings take a few hundred bytes; a long system prompt fits many times over.</summary>
    internal const long MaxBytes = 1 << 20;

    /// <summary>Reads the config file's text, refusing a folder, a device or pipe, and a file over <see cref="MaxBytes"/>.</summary>
    internal static string ReadText(string path)
    {
        try
        {
            return Storage.InputFile.ReadAllText(path, MaxBytes, "the config file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex.Message.StartsWith(path, StringComparison.Ordinal) ? "it" + ex.Message[path.Length..] : ex.Message;
            throw new AideConfigurationException($"Cannot read the config file {path}: {reason} Fix it, or point AIDE_CONFIG at another file.", ex) { ValueSource = path };
        }
    }

    /// <summary>Reads the file; a missing file is an empty layer.</summary>
    public static SettingsLayer Read(string path, List<string> warnings)
    {
        // Most people have no config file: asked first, as a thrown FileNotFoundException's stack unwinding was ~1 % of
        // a native-AOT cached aide ask's main thread (perf samples). Path.Exists, so that a folder in its place is still
        // reported below; the catch still covers a file that disappears in between.
        if (!Path.Exists(path))
        {
            return new SettingsLayer();
        }

        var text = ReadText(path);

        var layer = Parse(text, path, warnings);
        if (layer.Providers?.Any(p => p.ApiKey is not null) == true)
        {
            WarnIfReadableByOthers(path, warnings);
        }

        return layer;
    }

    /// <summary>The first key an object of the file has twice (reading it again with duplicates allowed), with its parent's path.</summary>
    private static string? DuplicateKey(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, DocumentOptions with { AllowDuplicateProperties = true });
            return DuplicateKey(document.RootElement, string.Empty);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? DuplicateKey(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (DuplicateKey(item, $"{path}[{index++}]") is { } found)
                {
                    return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var name = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    return name;
                }

                if (DuplicateKey(property.Value, name) is { } nested)
                {
                    return nested;
                }
            }
        }

        return null;
    }

    public static SettingsLayer Parse(string text, string path, List<string> warnings)
    {
        var source = $"config file {path}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex) when (ex.LineNumber is null && DuplicateKey(text) is { } duplicate)
        {
            throw new AideConfigurationException($"The config file {path} sets '{duplicate}' twice; keep one of them (which one wins would be a guess).", ex) { ValueSource = source, Key = duplicate };
        }
        catch (JsonException ex)
        {
            throw new AideConfigurationException(
                string.Create(CultureInfo.InvariantCulture, $"The config file {path} is not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}). Fix it, or move it aside to start from the defaults."),
                ex) { ValueSource = source };
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AideConfigurationException($"The config file {path} must hold a JSON object ({{ \"model\": … }}), not a {document.RootElement.ValueKind}.") { ValueSource = source };
            }

            var layer = new SettingsLayer();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var key = SettingKeys.Canonical(property.Name);
                if (key is null)
                {
                    warnings.Add($"Unknown key '{property.Name}' in {path} is ignored (known keys: {SettingKeys.Providers}, {string.Join(", ", SettingKeys.Scalars)}, {SettingKeys.Prices}, {SettingKeys.Aliases}, {SettingKeys.McpServers}).");
                }
                else if (key == SettingKeys.Providers)
                {
                    layer.Providers = ReadProviders(property.Value, source, path, warnings);
                }
                else if (key == SettingKeys.Prices)
                {
                    layer.Prices = UsageConfigReader.ReadPrices(property.Value, source, path, warnings);
                }
                else if (key == SettingKeys.Aliases)
                {
                    layer.Aliases = ModelAliases.Read(property.Value, source);
                }
                else if (key == SettingKeys.McpServers)
                {
                    layer.McpServers = McpServersConfig.Read(property.Value, source);
                }
                else if (SettingKeys.Lists.Contains(key) && property.Value.ValueKind == JsonValueKind.Array)
                {
                    layer.Scalars[key] = new SettingValue(string.Join(',', property.Value.EnumerateArray().Select(v => ScalarText(v, key, source))), source);
                }
                else if (key == SettingKeys.Budget && property.Value.ValueKind == JsonValueKind.Object)
                {
                    layer.Scalars[key] = new SettingValue(UsageConfigReader.BudgetText(property.Value, source), source);
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    layer.Scalars[key] = new SettingValue(ScalarText(property.Value, key, source), source);
                }
            }

            return layer;
        }
    }

    private static List<RawProvider> ReadProviders(JsonElement array, string source, string path, List<string> warnings)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(SettingKeys.Providers, source, "an array of { \"kind\": \"openai|ollama|local\", \"address\": \"…\", \"model\": \"…\" } objects");
        }

        var result = new List<RawProvider>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemKey = string.Create(CultureInfo.InvariantCulture, $"providers[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(itemKey, source, "an object with kind, address, model and apiKey");
            }

            var fields = new Dictionary<string, SettingValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in item.EnumerateObject())
            {
                var name = SettingKeys.ProviderFields.FirstOrDefault(f => f.Equals(field.Name, StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    warnings.Add($"Unknown key '{itemKey}.{field.Name}' in {path} is ignored (known: {string.Join(", ", SettingKeys.ProviderFields)}).");
                }
                else if (field.Value.ValueKind != JsonValueKind.Null)
                {
                    fields[name] = new SettingValue(ScalarText(field.Value, $"{itemKey}.{name}", source), source);
                }
            }

            result.Add(new RawProvider
            {
                Source = $"{source} {itemKey}",
                Kind = fields.GetValueOrDefault("kind"),
                Address = fields.GetValueOrDefault("address"),
                Model = fields.GetValueOrDefault("model"),
                ApiKey = fields.GetValueOrDefault("apiKey"),
            });
        }

        return result;
    }

    internal static string ScalarText(JsonElement value, string key, string source) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw Invalid(key, source, "a string or a number"),
    };

    internal static AideConfigurationException Invalid(string key, string source, string allowed) =>
        new($"Invalid '{key}' in {source}: expected {allowed}.") { Key = key, ValueSource = source };

    private static void WarnIfReadableByOthers(string path, List<string> warnings)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            warnings.Add($"{path} holds an API key and is readable by other users; run: chmod 600 {path}");
        }
    }
}
