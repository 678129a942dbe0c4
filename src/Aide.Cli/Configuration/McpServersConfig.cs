using System.Text.Json;
using Aide.Configuration;
using Aide.Tools.Mcp;

namespace Aide.Cli.Configuration;

/// <summary>
/// The config file's <c>mcpServers</c>, in the shape other MCP clients use: <c>{ "NAME": { "command": "npx",
/// "args": ["-y", "…"], "env": { "K": "V" } } }</c> for a stdio server, <c>{ "NAME": { "url": "http://…/mcp" } }</c> for
/// a Streamable HTTP one; <c>"allow": ["tool", …]</c> lists that server's tools that run without asking.
/// </summary>
internal static class McpServersConfig
{
    private const int MaxServers = 64;
    private static readonly string[] Fields = ["command", "args", "env", "url", "allow"];

    public static List<McpServerSpec> Read(JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ConfigFileReader.Invalid(SettingKeys.McpServers, source, """an object of servers, e.g. { "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."] } }""");
        }

        var servers = new List<McpServerSpec>();
        foreach (var server in value.EnumerateObject())
        {
            var key = $"{SettingKeys.McpServers}.{server.Name}";
            string name;
            try
            {
                name = McpServerSpec.CheckName(server.Name);
            }
            catch (FormatException ex)
            {
                throw new AideConfigurationException($"{ex.Message} ({source})") { Key = key, ValueSource = source };
            }

            if (server.Value.ValueKind != JsonValueKind.Object)
            {
                throw ConfigFileReader.Invalid(key, source, """{ "command": "…", "args": […] } or { "url": "http://…" }""");
            }

            if (server.Value.EnumerateObject().Select(f => f.Name).FirstOrDefault(f => !Fields.Contains(f)) is { } unknown)
            {
                throw ConfigFileReader.Invalid($"{key}.{unknown}", source, $"one of {string.Join(", ", Fields)}");
            }

            var command = Text(server.Value, "command", key, source);
            var url = Text(server.Value, "url", key, source);
            if ((command is null) == (url is null))
            {
                throw ConfigFileReader.Invalid(key, source, "either a \"command\" (a stdio server) or a \"url\" (a Streamable HTTP server)");
            }

            Uri? address = null;
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out address) || address.Scheme is not ("http" or "https")))
            {
                throw ConfigFileReader.Invalid($"{key}.url", source, "an absolute http or https URL");
            }

            servers.Add(new McpServerSpec
            {
                Name = name,
                Command = command,
                Url = address,
                Arguments = Strings(server.Value, "args", key, source),
                Environment = Environment(server.Value, key, source),
                Allowed = Strings(server.Value, "allow", key, source),
            });
            if (servers.Count > MaxServers)
            {
                throw new AideConfigurationException($"{source} configures more than {MaxServers} MCP servers.") { Key = SettingKeys.McpServers, ValueSource = source };
            }
        }

        return servers;
    }

    private static string? Text(JsonElement server, string field, string key, string source) =>
        !server.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString()!.Trim()
        : throw ConfigFileReader.Invalid($"{key}.{field}", source, "a non-empty string");

    private static List<string> Strings(JsonElement server, string field, string key, string source)
    {
        if (!server.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : throw ConfigFileReader.Invalid($"{key}.{field}", source, "an array of strings");
    }

    private static Dictionary<string, string> Environment(JsonElement server, string key, string source)
    {
        if (!server.TryGetProperty("env", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(v => v.Value.ValueKind == JsonValueKind.String)
            ? value.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal)
            : throw ConfigFileReader.Invalid($"{key}.env", source, "an object of string values");
    }
}
