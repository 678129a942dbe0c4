
namespace Aide.Cli.Configuration;

/// <summary>Values set for one invocation (command-line flags); each non-null value beats every other layer.</summary>
internal sealed record AideSettingsOverrides
{
    /// <summary>Gets provider specs (<c>KIND=ADDRESS</c>) in priority order; non-empty replaces the configured list.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    /// <summary>Gets the model for every provider in this invocation.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the timeout text (<c>30</c>, <c>30s</c>, <c>500ms</c>, <c>2m</c>).</summary>
    public string? Timeout { get; init; }

    /// <summary>Gets the retry count text.</summary>
    public string? Retries { get; init; }

    /// <summary>Gets the system prompt.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Gets the temperature text.</summary>
    public string? Temperature { get; init; }

    /// <summary>Gets the max output tokens text.</summary>
    public string? MaxOutputTokens { get; init; }

    /// <summary>Gets how local models are prompted (<see cref="SettingKeys.Template"/>).</summary>
    public string? Template { get; init; }

    /// <summary>Gets the local model queue's length text (<see cref="SettingKeys.LocalQueue"/>).</summary>
    public string? LocalQueue { get; init; }
}
