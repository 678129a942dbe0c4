using System.Text.Json;
using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>
/// The config file's <c>aliases</c>: short names for models, usable wherever a model is named (<c>--model</c>,
/// <c>AIDE_MODEL</c>, <c>model</c>, <c>/model</c>, a template's model, a gateway request's <c>model</c>).
/// A target may name its provider kind: <c>{ "fast": "ollama/llama3.2", "smart": "openai/gpt-4o" }</c>.
/// </summary>
internal static class ModelAliases
{
    /// <summary>More aliases than anyone types; a bound so a generated file cannot make every lookup slow.</summary>
    private const int MaxAliases = 1000;

    /// <summary>The alias's target, or the name itself when it is no alias. One level: a target is a model name, not another alias.</summary>
    public static string Resolve(IReadOnlyDictionary<string, string> aliases, string name) =>
        aliases.TryGetValue(name, out var target) ? target : name;

    /// <summary>Whether an alias name is usable: not empty, no slash (a slash names a provider kind), no spaces or control characters.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && !name.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>Reads <c>"aliases": { "NAME": "TARGET", … }</c>.</summary>
    public static Dictionary<string, string> Read(JsonElement value, string source)
    {
        const string Allowed = """an object of model aliases, e.g. { "fast": "ollama/llama3.2", "smart": "openai/gpt-4o" }""";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ConfigFileReader.Invalid(SettingKeys.Aliases, source, Allowed);
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var alias in value.EnumerateObject())
        {
            var key = $"{SettingKeys.Aliases}.{alias.Name}";
            if (!IsValidName(alias.Name))
            {
                throw new AideConfigurationException($"The alias '{alias.Name}' in {source} cannot be used: an alias is a short name without '/', spaces or control characters.") { Key = key, ValueSource = source };
            }

            if (alias.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(alias.Value.GetString()))
            {
                throw ConfigFileReader.Invalid(key, source, "a model name, optionally with its provider kind (ollama/llama3.2)");
            }

            if (aliases.Count == MaxAliases)
            {
                throw new AideConfigurationException($"The config file {source} defines more than {MaxAliases} aliases.") { Key = SettingKeys.Aliases, ValueSource = source };
            }

            aliases[alias.Name] = alias.Value.GetString()!.Trim();
        }

        return aliases;
    }
}
