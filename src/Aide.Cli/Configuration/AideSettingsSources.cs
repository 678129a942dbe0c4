
namespace Aide.Cli.Configuration;

/// <summary>The inputs <see cref="AideSettingsLoader"/> layers, lowest precedence first: defaults, file, environment, overrides.</summary>
internal sealed class AideSettingsSources
{
    /// <summary>Gets the config file to read; <see langword="null"/> means <see cref="AidePaths.ConfigFile"/>.</summary>
    public string? ConfigFilePath { get; init; }

    /// <summary>Gets the environment to read; <see langword="null"/> means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Gets values given on the command line (or by a host), the highest layer.</summary>
    public AideSettingsOverrides Overrides { get; init; } = new();

    /// <summary>Gets the template chosen with <c>-t</c>: its values sit just below the flags' (a flag beats it).</summary>
    public Templates.PromptTemplate? Template { get; init; }
}
