using Aide.Cli.Configuration;
using Aide.Configuration;

namespace Aide.Cli.Tests.Configuration;

public sealed class ConfigFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aide-writer-").FullName;
    private readonly Dictionary<string, string?> _env = new() { ["HOME"] = "/home/test" };

    private string ConfigPath => Path.Combine(_dir, "nested", "config.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Creates_a_private_file_in_a_private_folder()
    {
        ConfigFileWriter.Set(ConfigPath, "timeout", "30", _env);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ConfigPath)!));
        Assert.Equal(TimeSpan.FromSeconds(30), Load().Timeout);
    }

    [Fact]
    public void Sets_providers_from_specs_and_then_one_field_by_index()
    {
        ConfigFileWriter.Set(ConfigPath, "providers", "openai=http://a/v1, ollama", _env);
        ConfigFileWriter.Set(ConfigPath, "providers[1].model", "qwen2.5", _env);
        ConfigFileWriter.Set(ConfigPath, "providers.2.kind", "openai", _env);

        var providers = Load().Providers;

        Assert.Equal(["openai=http://a/v1 (gpt-4o-mini)", "ollama=http://localhost:11434 (qwen2.5)", "openai=https://api.openai.com/v1 (gpt-4o-mini)"], providers.Select(p => p.ToString()));
    }

    [Fact]
    public void Keeps_other_keys_and_replaces_a_differently_cased_one()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, """{ "Model": "old", "retries": 1 }""");

        ConfigFileWriter.Set(ConfigPath, "model", "new", _env);

        var text = File.ReadAllText(ConfigPath);
        Assert.DoesNotContain("old", text, StringComparison.Ordinal);
        Assert.Equal("new", Load().Model);
        Assert.Equal(1, Load().Retries);
    }

    [Fact]
    public void An_invalid_value_is_reported_as_given_not_as_if_it_came_from_the_file()
    {
        ConfigFileWriter.Set(ConfigPath, "providers", "openai=http://a/v1", _env);

        var timeout = Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "Timeout", "soon", _env));
        var unset = Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "providers[3].model", null, _env));
        var beyond = Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "providers[3].model", "x", _env));

        Assert.StartsWith("Invalid timeout 'soon': expected a duration", timeout.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was written.", timeout.Message, StringComparison.Ordinal);
        Assert.Equal("There is no providers[3]: the config file has 1 provider(s).", unset.Message);
        Assert.Equal("There is no providers[3]: the config file has 1 provider(s); the next new entry is providers[1].", beyond.Message);
    }

    [Fact]
    public void Invalid_value_leaves_the_file_as_it_was()
    {
        ConfigFileWriter.Set(ConfigPath, "retries", "3", _env);
        var before = File.ReadAllText(ConfigPath);

        Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "retries", "lots", _env));
        Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "providers", "carrier-pigeon=x", _env));
        Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "providers[5].model", "x", _env));
        Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "providers[0].colour", "x", _env));

        Assert.Equal(before, File.ReadAllText(ConfigPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(ConfigPath)!, "*.tmp"));
    }

    [Fact]
    public void Malformed_file_is_never_overwritten()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, "{ broken");

        var error = Assert.Throws<AideConfigurationException>(() => ConfigFileWriter.Set(ConfigPath, "model", "x", _env));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal("{ broken", File.ReadAllText(ConfigPath));
    }

    [Fact]
    public void Unset_removes_the_key_so_the_default_applies()
    {
        ConfigFileWriter.Set(ConfigPath, "retries", "5", _env);

        ConfigFileWriter.Set(ConfigPath, "retries", null, _env);

        Assert.Equal(AideDefaults.Retries, Load().Retries);
    }

    private AideSettings Load() => AideSettingsLoader.Load(new AideSettingsSources { ConfigFilePath = ConfigPath, Environment = _env });
}
