using System.CommandLine;
using Aide.Caching;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Conversations;

namespace Aide.Cli.Commands;

/// <summary>The options every command that talks to a model takes; each overrides configuration for this run only.</summary>
internal sealed class ChatOptions
{
    public Option<string[]> Provider { get; } = new("--provider", "-p")
    {
        Description = "Provider as KIND=ADDRESS (kinds: openai, ollama, local); repeat for a priority list. Replaces the configured providers.",
        HelpName = "KIND=ADDRESS",

        // Each --provider takes one value; without it ("aide ask hi --provider") the command line is wrong, not ignored.
        Arity = ArgumentArity.OneOrMore,
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

    public Option<string?> Template { get; } = new("--template")
    {
        Description = "How a local model is prompted: auto (its own chat template, else the format its vocabulary was made for, else plain), model, chatml, llama3, llama2, mistral, gemma, phi3, plain.",
        HelpName = "NAME",
    };

    public Option<string?> Session { get; } = new("--session", "-s")
    {
        Description = "Conversation to create or resume by name; its history is sent as context and the new turns are saved to it.",
        HelpName = "NAME",
    };

    public Option<bool> Continue { get; } = new("--continue", "-c") { Description = "Resume the most recent conversation." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Ask the model even if the answer is cached, and do not cache it." };

    public Option<bool> Refresh { get; } = new("--refresh") { Description = "Ask the model even if the answer is cached, and replace the cached answer." };

    public void AddTo(Command command)
    {
        Completion.CompletionValues.AddConversations(Session);
        Completion.CompletionValues.AddModels(Model);
        Completion.CompletionValues.AddProviders(Provider);
        command.AddValidator(result =>
        {
            var name = result.GetValue(Session);
            if (name is not null && result.GetValue(Continue))
            {
                result.AddError("Use either --session NAME or --continue, not both.");
            }
            else if (name is not null && !ConversationName.IsValid(name))
            {
                result.AddError(ConversationName.Problem(name));
            }

            if (result.GetValue(NoCache) && result.GetValue(Refresh))
            {
                result.AddError("Use either --no-cache or --refresh, not both.");
            }
        });
        command.Options.Add(Session);
        command.Options.Add(Continue);
        command.Options.Add(Provider);
        command.Options.Add(Model);
        command.Options.Add(Timeout);
        command.Options.Add(Retries);
        command.Options.Add(System);
        command.Options.Add(Temperature);
        command.Options.Add(MaxTokens);
        command.Options.Add(Template);
        command.Options.Add(NoCache);
        command.Options.Add(Refresh);
    }

    public ChatCacheMode ToCacheMode(ParseResult result) =>
        result.GetValue(NoCache) ? ChatCacheMode.Off : result.GetValue(Refresh) ? ChatCacheMode.Refresh : ChatCacheMode.ReadWrite;

    public SessionChoice ToSessionChoice(ParseResult result) => new(result.GetValue(Session), result.GetValue(Continue));

    public AideSettingsOverrides ToOverrides(ParseResult result) => new()
    {
        Providers = result.GetValue(Provider) ?? [],
        Model = result.GetValue(Model),
        Timeout = result.GetValue(Timeout),
        Retries = result.GetValue(Retries),
        SystemPrompt = result.GetValue(System),
        Temperature = result.GetValue(Temperature),
        MaxOutputTokens = result.GetValue(MaxTokens),
        Template = result.GetValue(Template),
    };
}
