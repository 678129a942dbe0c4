namespace Aide.Cli.Tests.Support;

/// <summary>
/// A private home folder for one test: its own XDG config/data/cache folders and an environment with no
/// provider configured and nothing to auto-detect (Ollama pointed at a closed port, OpenAI variables removed).
/// </summary>
public sealed class TestHome : IDisposable
{
    public TestHome()
    {
        Root = Directory.CreateTempSubdirectory("aide-test-").FullName;
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = Root,
            ["XDG_CONFIG_HOME"] = Path.Combine(Root, "config"),
            ["XDG_DATA_HOME"] = Path.Combine(Root, "data"),
            ["XDG_CACHE_HOME"] = Path.Combine(Root, "cache"),
            ["OLLAMA_HOST"] = "http://127.0.0.1:1",
            ["NO_COLOR"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["OPENAI_API_KEY"] = null,
            ["OPENAI_BASE_URL"] = null,
            ["AIDE_CONFIG"] = null,
            ["AIDE_PROVIDERS"] = null,
            ["AIDE_MODEL"] = null,
            ["AIDE_TIMEOUT"] = null,
            ["AIDE_RETRIES"] = null,
            ["AIDE_API_KEY"] = null,
            ["AIDE_SYSTEM_PROMPT"] = null,
            ["AIDE_HISTORY"] = null,
            ["AIDE_CONTEXT_TOKENS"] = null,
            ["AIDE_REPLY_TOKENS"] = null,
            ["AIDE_SUMMARIZE"] = null,
            ["AIDE_JOURNAL"] = null,
            ["AIDE_CACHE"] = null,
            ["AIDE_CACHE_TTL"] = null,
            ["AIDE_CACHE_SIZE"] = null,
            ["AIDE_CACHE_SAMPLED"] = null,
            ["AIDE_CACHE_POLICY"] = null,
            ["AIDE_CACHE_CODEC"] = null,
            ["AIDE_MAX_ANSWER_SIZE"] = null,
            ["AIDE_TEMPLATE"] = null,
        };
    }

    public string Root { get; }

    /// <summary>Gets or sets the directory aide runs in (the tests' own by default).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets the variables set (or, when null, removed) for processes started in this home.</summary>
    public Dictionary<string, string?> Environment { get; }

    public string DataDirectory => Path.Combine(Root, "data", "aide");

    public string DatabaseFile => Path.Combine(DataDirectory, "conversations.db");

    public string CacheDirectory => Path.Combine(Root, "cache", "aide");

    public string CacheFile => Path.Combine(CacheDirectory, "responses.db");

    public string ConfigFile => Path.Combine(Root, "config", "aide", "config.json");

    /// <summary>Gives a child process this home's environment: its variables set, the unset ones removed.</summary>
    public void ApplyTo(System.Diagnostics.ProcessStartInfo info)
    {
        if (WorkingDirectory is { } directory)
        {
            info.WorkingDirectory = directory;
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
    }

    public void WriteConfig(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, json);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file only leaves a temp folder behind.
        }
    }
}
