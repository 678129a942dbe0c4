using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>One layer of configuration (file, environment or flags): scalar values and, if it defines one, a provider list.</summary>
internal sealed class SettingsLayer
{
    public Dictionary<string, SettingValue> Scalars { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the provider list; a layer that defines one replaces lower layers' lists whole.</summary>
    public List<RawProvider>? Providers { get; set; }

    /// <summary>Gets or sets the price overrides (the config file's <c>prices</c>).</summary>
    public List<Usage.ModelPrice>? Prices { get; set; }

    /// <summary>Gets or sets the model aliases (the config file's <c>aliases</c>).</summary>
    public Dictionary<string, string>? Aliases { get; set; }

    /// <summary>Gets or sets the MCP servers (the config file's <c>mcpServers</c>).</summary>
    public List<Aide.Tools.Mcp.McpServerSpec>? McpServers { get; set; }

    public static SettingsLayer FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var layer = new SettingsLayer();
        foreach (var (key, variable) in SettingKeys.EnvironmentVariables)
        {
            if (!environment.TryGetValue(variable, out var text) || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var source = $"environment variable {variable}";
            if (key == SettingKeys.Providers)
            {
                layer.Providers = FromSpecs(text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), source);
            }
            else
            {
                layer.Scalars[key] = new SettingValue(text, source);
            }
        }

        return layer;
    }

    public static SettingsLayer FromOverrides(AideSettingsOverrides overrides)
    {
        var layer = new SettingsLayer();
        if (overrides.Providers.Count > 0)
        {
            layer.Providers = FromSpecs(overrides.Providers, "option --provider");
        }

        Add(layer, SettingKeys.Model, overrides.Model, "option --model");
        Add(layer, SettingKeys.Timeout, overrides.Timeout, "option --timeout");
        Add(layer, SettingKeys.Retries, overrides.Retries, "option --retries");
        Add(layer, SettingKeys.SystemPrompt, overrides.SystemPrompt, "option --system");
        Add(layer, SettingKeys.Temperature, overrides.Temperature, "option --temperature");
        Add(layer, SettingKeys.MaxOutputTokens, overrides.MaxOutputTokens, "option --max-tokens");
        Add(layer, SettingKeys.Template, overrides.Template, "option --template");
        Add(layer, SettingKeys.LocalQueue, overrides.LocalQueue, "option --queue");
        return layer;
    }

    /// <summary>The template's values for the keys this layer (the flags) does not set.</summary>
    public void AddTemplate(Templates.PromptTemplate template)
    {
        var source = $"template '{template.Name}'";
        foreach (var (key, text) in (ReadOnlySpan<(string, string?)>)[(SettingKeys.SystemPrompt, template.System), (SettingKeys.Model, template.Model), (SettingKeys.Temperature, template.Temperature), (SettingKeys.MaxOutputTokens, template.MaxTokens)])
        {
            if (text is not null && !Scalars.ContainsKey(key))
            {
                Scalars[key] = new SettingValue(text, source);
            }
        }
    }

    private static void Add(SettingsLayer layer, string key, string? text, string source)
    {
        if (text is not null)
        {
            layer.Scalars[key] = new SettingValue(text, source);
        }
    }

    private static List<RawProvider> FromSpecs(IEnumerable<string> specs, string source)
    {
        var result = new List<RawProvider>();
        foreach (var spec in specs)
        {
            var (kind, address) = ProviderSpec.Split(spec);
            if (address is null && spec.Contains('=', StringComparison.Ordinal))
            {
                // "openai=" is a mistake (an unset variable, a missing word), never a request for the public default.
                throw new AideConfigurationException($"The provider '{spec}' from {source} has an empty address. Give one (e.g. {kind}=http://127.0.0.1:8080/v1), or write just '{kind}' for its default address.")
                {
                    Key = "provider address",
                    ValueSource = source,
                };
            }

            result.Add(new RawProvider
            {
                Source = $"{source} '{spec}'",
                Kind = new SettingValue(kind, source),
                Address = address is null ? null : new SettingValue(address, source),
            });
        }

        return result;
    }
}
