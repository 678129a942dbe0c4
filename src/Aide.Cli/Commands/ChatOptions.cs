using System.CommandLine;
using Aide.Configuration;

namespace Aide.Cli.Commands;

/// <summary>The options every command that talks to a model takes; each overrides configuration for this run only.</summary>
internal sealed class ChatOptions
{
    public Option<string[]> Provider { get; } = new("--provider", "-p")
    {
        Description = "Provider as KIND=ADDRESS (kinds: openai, ollama, local); repeat for a priority list. Replaces the configured providers.",
        HelpName = "KIND=ADDRESS",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model name for this run.", HelpName = "NAME" };

    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = "Longest wait for the first and each further chunk of the answer: seconds, or 500ms, 30s, 2m (default 100s).",
        HelpName = "DURATION",
    };

    public Option<string?> Retries { get; } = new("--retries") { Description = "Retries of transient failures: 429, 5xx, dropped connections (default 2).", HelpName = "N" };

    public Option<string?> System { get; } = new("--system") { Description = "System prompt for this run.", HelpName = "TEXT" };

    public Option<string?> Temperature { get; } = new("--temperature") { Description = "Sampling temperature, 0 to 2.", HelpName = "T" };

    public Option<string?> MaxTokens { get; } = new("--max-tokens") { Description = "Cap on generated tokens.", HelpName = "N" };

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Model);
        command.Options.Add(Timeout);
        command.Options.Add(Retries);
        command.Options.Add(System);
        command.Options.Add(Temperature);
        command.Options.Add(MaxTokens);
    }

    public AideSettingsOverrides ToOverrides(ParseResult result) => new()
    {
        Providers = result.GetValue(Provider) ?? [],
        Model = result.GetValue(Model),
        Timeout = result.GetValue(Timeout),
        Retries = result.GetValue(Retries),
        SystemPrompt = result.GetValue(System),
        Temperature = result.GetValue(Temperature),
        MaxOutputTokens = result.GetValue(MaxTokens),
    };
}
