
namespace Aide.Cli.Configuration;

/// <summary>Reads one variable from an environment snapshot: blank counts as unset.</summary>
internal static class EnvironmentValues
{
    public static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
