using Aide.Cli.Configuration;
using Aide.Configuration;

namespace Aide.Cli.Tests.Configuration;

public sealed class AideSettingsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aide-settings-").FullName;
    private readonly Dictionary<string, string?> _env = new() { ["HOME"] = "/home/test" };

    private string ConfigPath => Path.Combine(_dir, "config.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var settings = Load();

        Assert.Empty(settings.Providers);
        Assert.Equal(AideDefaults.Timeout, settings.Timeout);
        Assert.Equal(AideDefaults.Retries, settings.Retries);
        Assert.Null(settings.Temperature);
        Assert.Equal("default", settings.Sources[SettingKeys.Timeout]);
    }

    [Fact]
    public void A_folder_where_the_config_file_belongs_is_reported_not_taken_for_a_missing_file()
    {
        Directory.CreateDirectory(ConfigPath);

        var error = Assert.Throws<AideConfigurationException>(() => Load());

        Assert.Contains($"Cannot read the config file {ConfigPath}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_layer_beats_the_one_below()
    {
        File.WriteAllText(ConfigPath, """{ "timeout": 10, "retries": 1, "temperature": 0.5 }""");
        _env["AIDE_RETRIES"] = "4";
        _env["AIDE_TEMPERATURE"] = "0.7";

        var settings = Load(new AideSettingsOverrides { Temperature = "0.9" });

        Assert.Equal(TimeSpan.FromSeconds(10), settings.Timeout);
        Assert.Equal(4, settings.Retries);
        Assert.Equal(0.9f, settings.Temperature);
        Assert.Equal($"config file {ConfigPath}", settings.Sources[SettingKeys.Timeout]);
        Assert.Equal("environment variable AIDE_RETRIES", settings.Sources[SettingKeys.Retries]);
        Assert.Equal("option --temperature", settings.Sources[SettingKeys.Temperature]);
    }

    [Fact]
    public void A_higher_layer_provider_list_replaces_the_lower_one_whole()
    {
        File.WriteAllText(ConfigPath, """{ "providers": [ { "kind": "ollama" }, { "kind": "openai", "address": "http://a/v1" } ] }""");
        _env["AIDE_PROVIDERS"] = "openai=http://env/v1";

        var fromEnv = Load();
        var fromFlags = Load(new AideSettingsOverrides { Providers = ["ollama=http://flag:1", "openai=http://flag2/v1"] });

        Assert.Equal(["openai=http://env/v1 (gpt-4o-mini)"], fromEnv.Providers.Select(p => p.ToString()));
        Assert.Equal(["ollama=http://flag:1 (llama3.2)", "openai=http://flag2/v1 (gpt-4o-mini)"], fromFlags.Providers.Select(p => p.ToString()));
    }

    [Fact]
    public void File_model_is_a_default_but_an_environment_model_overrides_every_provider()
    {
        File.WriteAllText(ConfigPath, """{ "model": "m-default", "providers": [ { "kind": "openai", "address": "http://a/v1" }, { "kind": "openai", "address": "http://b/v1", "model": "m-own" } ] }""");

        var fileOnly = Load();
        _env["AIDE_MODEL"] = "m-env";
        var withEnv = Load();

        Assert.Equal(["m-default", "m-own"], fileOnly.Providers.Select(p => p.Model));
        Assert.Equal(["m-env", "m-env"], withEnv.Providers.Select(p => p.Model));
    }

    [Fact]
    public void Conventional_variables_fill_provider_defaults()
    {
        _env["OPENAI_API_KEY"] = "sk-conventional-1234";
        _env["OPENAI_BASE_URL"] = "http://127.0.0.1:8080/v1/";
        _env["OLLAMA_HOST"] = "127.0.0.1:9999";

        var settings = Load(new AideSettingsOverrides { Providers = ["openai", "ollama"] });

        Assert.Equal("http://127.0.0.1:8080/v1", settings.Providers[0].Address);
        Assert.Equal("sk-conventional-1234", settings.Providers[0].ApiKey);
        Assert.Equal("http://127.0.0.1:9999", settings.Providers[1].Address);
        Assert.Null(settings.Providers[1].ApiKey);
    }

    [Fact]
    public void Aide_api_key_beats_the_conventional_one_and_a_configured_key_beats_both()
    {
        _env["OPENAI_API_KEY"] = "sk-conventional-1234";
        _env["AIDE_API_KEY"] = "sk-aide-5678";
        File.WriteAllText(ConfigPath, """{ "providers": [ { "kind": "openai" }, { "kind": "openai", "apiKey": "sk-file-9012" } ] }""");

        var settings = Load();

        Assert.Equal(["sk-aide-5678", "sk-file-9012"], settings.Providers.Select(p => p.ApiKey));
    }

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:00:45", 45_000)]
    public void Timeout_accepts_seconds_and_units(string text, int expectedMilliseconds)
    {
        var settings = Load(new AideSettingsOverrides { Timeout = text });

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), settings.Timeout);
    }

    [Theory]
    [InlineData("timeout", "soon", "Invalid timeout 'soon' from environment variable AIDE_TIMEOUT: expected a duration from 1ms to 60 minutes")]
    [InlineData("timeout", "0", "Invalid timeout '0'")]
    [InlineData("timeout", "2h", "Invalid timeout '2h'")]
    [InlineData("retries", "-1", "Invalid retries '-1' from environment variable AIDE_RETRIES: expected a whole number from 0 to 10.")]
    [InlineData("temperature", "3", "Invalid temperature '3' from environment variable AIDE_TEMPERATURE: expected a number from 0 to 2.")]
    [InlineData("temperature", "NaN", "Invalid temperature 'NaN'")]
    public void Bad_values_name_key_value_source_and_what_is_allowed(string key, string value, string expected)
    {
        _env[SettingKeys.EnvironmentVariables[key]] = value;

        var error = Assert.Throws<AideConfigurationException>(() => Load());

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData("gemini=http://x", "Invalid provider kind 'gemini' from option --provider")]
    [InlineData("openai=ftp://x", "Invalid provider address 'ftp://x' from option --provider")]
    [InlineData("openai=not a url", "Invalid provider address 'not a url'")]
    [InlineData("openai=http://user:pw@host/v1", "Invalid provider address")]
    [InlineData("local", "The local provider in option --provider 'local' needs a model file")]
    public void Bad_provider_specs_are_rejected_clearly(string spec, string expected)
    {
        var error = Assert.Throws<AideConfigurationException>(() => Load(new AideSettingsOverrides { Providers = [spec] }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_reports_file_line_and_column()
    {
        File.WriteAllText(ConfigPath, "{\n  \"timeout\": 30,\n  \"model\" \"x\"\n}");

        var error = Assert.Throws<AideConfigurationException>(() => Load());

        Assert.StartsWith($"The config file {ConfigPath} is not valid JSON (line 3, column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        File.WriteAllText(ConfigPath, "{\n  // seconds\n  \"timeout\": 12,\n}");

        Assert.Equal(TimeSpan.FromSeconds(12), Load().Timeout);
    }

    [Fact]
    public void Wrong_shapes_in_the_file_are_errors_and_unknown_keys_are_warnings()
    {
        File.WriteAllText(ConfigPath, """{ "providers": { "kind": "openai" } }""");
        var shape = Assert.Throws<AideConfigurationException>(() => Load());
        File.WriteAllText(ConfigPath, """{ "modle": "x", "providers": [ { "kind": "openai", "adress": "y" } ] }""");
        var settings = Load();

        Assert.Contains("Invalid 'providers'", shape.Message, StringComparison.Ordinal);
        Assert.Contains(settings.Warnings, w => w.StartsWith("Unknown key 'modle'", StringComparison.Ordinal));
        Assert.Contains(settings.Warnings, w => w.StartsWith("Unknown key 'providers[0].adress'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_in_a_file_others_can_read_gives_a_warning()
    {
        File.WriteAllText(ConfigPath, """{ "providers": [ { "kind": "openai", "apiKey": "sk-file-123456" } ] }""");
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var settings = Load();

        Assert.Contains(settings.Warnings, w => w.Contains("chmod 600", StringComparison.Ordinal));
    }

    [Fact]
    public void Provider_settings_never_print_their_key()
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://h/v1", "m", "sk-very-secret-key");

        Assert.DoesNotContain("sk-very-secret-key", provider.ToString(), StringComparison.Ordinal);
    }

    private AideSettings Load(AideSettingsOverrides? overrides = null) =>
        AideSettingsLoader.Load(new AideSettingsSources { ConfigFilePath = ConfigPath, Environment = _env, Overrides = overrides ?? new() });
}
