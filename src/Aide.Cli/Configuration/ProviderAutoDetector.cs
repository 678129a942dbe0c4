using Aide.Configuration;
using Aide.Providers;

namespace Aide.Cli.Configuration;

/// <summary>
/// Finds a provider when none is configured: Ollama on its usual address (or <c>OLLAMA_HOST</c>), then an
/// OpenAI-compatible endpoint named by <c>OPENAI_API_KEY</c> or <c>OPENAI_BASE_URL</c>.
/// </summary>
internal sealed class ProviderAutoDetector(ProviderProbe probe)
{
    /// <summary>Ollama on loopback answers within milliseconds; waiting longer only slows down "nothing configured".</summary>
    private static readonly TimeSpan OllamaProbeTimeout = TimeSpan.FromMilliseconds(600);

    public async Task<ProviderSettings?> DetectAsync(AideSettings settings, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var ollama = Resolve(ProviderKind.Ollama, settings, environment);
        var status = await probe.ProbeAsync(ollama, OllamaProbeTimeout, cancellationToken);
        if (status.State == ProviderState.Ok && status.Models.Count > 0)
        {
            // Without a configured model, take the default if it is pulled, else whatever model is there.
            return settings.Model is null && status.ModelListed == false ? ollama.WithModel(status.Models[0]) : ollama;
        }

        var hasKey = EnvironmentValues.Get(environment, SettingKeys.ApiKeyVariable) is not null || EnvironmentValues.Get(environment, "OPENAI_API_KEY") is not null;
        return hasKey || EnvironmentValues.Get(environment, "OPENAI_BASE_URL") is not null
            ? Resolve(ProviderKind.OpenAI, settings, environment)
            : null;
    }

    private static ProviderSettings Resolve(ProviderKind kind, AideSettings settings, IReadOnlyDictionary<string, string?> environment) =>
        ProviderResolver.Resolve(
            new RawProvider { Source = "auto-detect", Kind = new SettingValue(ProviderSpec.NameOf(kind), "auto-detect") },
            settings.Model,
            null,
            environment);

    /// <summary>One line for each way to get going, shown when nothing is configured or found.</summary>
    public static IReadOnlyList<string> GettingStarted { get; } =
    [
        "No model provider is configured, and none was found (a model in aide's models folder, Ollama on " + AideDefaults.OllamaAddress + ", OPENAI_API_KEY, OPENAI_BASE_URL). Any one of these gets you going:",
        "  • run a model in-process, no server:        aide models pull " + Models.ModelAlias.Default.Name,
        "  • run Ollama locally and pull a model:      ollama pull " + AideDefaults.OllamaModel,
        "  • use OpenAI:                               export OPENAI_API_KEY=sk-…",
        "  • use any OpenAI-compatible server:         export OPENAI_BASE_URL=http://127.0.0.1:8080/v1",
        "  • name a provider for one command:          aide ask --provider openai=http://127.0.0.1:8080/v1 \"hello\"",
        "  • save a provider in the config file:       aide config set providers ollama=http://127.0.0.1:11434",
    ];
}
