using System.Collections;


namespace Aide.Cli.Configuration;

/// <summary>
/// Where Aide keeps its files: XDG base directories on Linux (<c>$XDG_CONFIG_HOME/aide</c>, …),
/// the platform's application-data folders elsewhere. <c>AIDE_CONFIG</c> names the config file directly.
/// </summary>
internal sealed class AidePaths
{
    private AidePaths(string configFile, string dataDirectory, string cacheDirectory)
    {
        ConfigFile = configFile;
        DataDirectory = dataDirectory;
        CacheDirectory = cacheDirectory;
    }

    /// <summary>Gets the JSON config file.</summary>
    public string ConfigFile { get; }

    /// <summary>Gets the folder for conversations, the event journal and models.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the folder for the response cache.</summary>
    public string CacheDirectory { get; }

    /// <summary>Gets the folder for prompt templates (<c>templates/</c> beside the config file).</summary>
    public string TemplatesDirectory => Path.Combine(Path.GetDirectoryName(ConfigFile)!, "templates");

    /// <summary>Gets the folder for local model files (<c>DATA/models</c>).</summary>
    public string ModelsDirectory => Path.Combine(DataDirectory, "models");

    /// <summary>Resolves the paths from an environment.</summary>
    /// <param name="environment">The variables to read; <see langword="null"/> reads the process environment.</param>
    /// <returns>The paths (nothing is created).</returns>
    public static AidePaths Resolve(IReadOnlyDictionary<string, string?>? environment = null)
    {
        environment ??= ReadProcessEnvironment();
        var home = EnvironmentValues.Get(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string configHome, dataHome, cacheHome;
        if (OperatingSystem.IsWindows())
        {
            configHome = dataHome = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            cacheHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            // XDG says relative values are invalid and must be ignored.
            configHome = AbsoluteOrNull(EnvironmentValues.Get(environment, "XDG_CONFIG_HOME")) ?? Path.Combine(home, ".config");
            dataHome = AbsoluteOrNull(EnvironmentValues.Get(environment, "XDG_DATA_HOME")) ?? Path.Combine(home, ".local", "share");
            cacheHome = AbsoluteOrNull(EnvironmentValues.Get(environment, "XDG_CACHE_HOME")) ?? Path.Combine(home, ".cache");
        }

        var configFile = EnvironmentValues.Get(environment, "AIDE_CONFIG") is { } explicitFile
            ? Path.GetFullPath(explicitFile)
            : Path.Combine(configHome, "aide", "config.json");
        return new AidePaths(configFile, Path.Combine(dataHome, "aide"), Path.Combine(cacheHome, "aide"));
    }

    /// <summary>Snapshots the process environment into a dictionary.</summary>
    /// <returns>Every variable of this process.</returns>
    public static IReadOnlyDictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }

    private static string? AbsoluteOrNull(string? path) => path is not null && Path.IsPathRooted(path) ? path : null;
}
