using Aide.Cli.Configuration;
using Aide.Cli.Templates;
using Aide.Configuration;

namespace Aide.Cli.Tests;

/// <summary>Template parameters and model names, without a process.</summary>
public sealed class PromptTemplateTests
{
    [Theory]
    [InlineData("Say $1 to $input", "Say hi to you")]
    [InlineData("$$1 is $1", "$1 is hi")]
    [InlineData("$2$1", "therehi")]
    [InlineData("a $ b $0 $x", "a $ b $0 $x")]
    [InlineData("$3 missing", " missing")]
    [InlineData("end $", "end $")]
    public void Parameters_are_filled_once(string text, string expected) =>
        Assert.Equal(expected, PromptTemplate.Expand(text, "you", ["hi", "there"]));

    [Fact]
    public void A_value_holding_a_parameter_stays_as_it_is() =>
        Assert.Equal("x $input $2 y", PromptTemplate.Expand("x $1 y", "INPUT", ["$input $2", "no"]));

    [Fact]
    public void The_parameter_count_is_the_highest_number_used_in_the_prompt_or_system()
    {
        Assert.Equal(3, new PromptTemplate("t") { System = "$1", Prompt = "$3 $$4" }.ParameterCount);
        Assert.Equal(0, new PromptTemplate("t") { Prompt = "$input costs $$9" }.ParameterCount);
    }

    [Theory]
    [InlineData("ollama/llama3.2", ProviderKind.Ollama, "llama3.2")]
    [InlineData("OpenAI/gpt-4o", ProviderKind.OpenAI, "gpt-4o")]
    [InlineData("openai/openai/gpt-4o", ProviderKind.OpenAI, "openai/gpt-4o")]
    [InlineData("local/qwen2.5-0.5b", ProviderKind.Local, "qwen2.5-0.5b")]
    public void A_kind_in_front_names_the_provider(string model, ProviderKind kind, string name) =>
        Assert.Equal((kind, name), ModelChoice.Qualified(model));

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("meta-llama/Llama-3-8B")]
    [InlineData("hf.co/org/model:Q4")]
    [InlineData("ollama/")]
    public void Other_names_are_bare(string model) => Assert.Null(ModelChoice.Qualified(model));

    [Fact]
    public void An_alias_with_a_kind_brings_its_provider_when_none_is_configured()
    {
        var dir = Directory.CreateTempSubdirectory("aide-alias-").FullName;
        try
        {
            var path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, """{ "model": "fast", "aliases": { "fast": "ollama/llama3.2" } }""");
            var settings = AideSettingsLoader.Load(new AideSettingsSources { ConfigFilePath = path, Environment = new Dictionary<string, string?> { ["HOME"] = dir } });

            var provider = Assert.Single(settings.Providers);
            Assert.Equal(ProviderKind.Ollama, provider.Kind);
            Assert.Equal("llama3.2", provider.Model);
            Assert.Equal("llama3.2", settings.Model);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "aliases": ["x"] }""", "Invalid 'aliases'")]
    [InlineData("""{ "aliases": { "a/b": "x" } }""", "The alias 'a/b'")]
    [InlineData("""{ "aliases": { "a": 3 } }""", "Invalid 'aliases.a'")]
    public void Malformed_aliases_are_configuration_errors(string json, string message)
    {
        var error = Assert.Throws<AideConfigurationException>(() => ConfigFileReader.Parse(json, "/x/config.json", []));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
