using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>Turns a raw provider entry into validated <see cref="ProviderSettings"/>, filling defaults from the environment.</summary>
internal static class ProviderResolver
{
    public static ProviderSettings Resolve(RawProvider raw, string? modelOverride, string? modelDefault, IReadOnlyDictionary<string, string?> environment)
    {
        if (raw.Kind is null)
        {
            throw new AideConfigurationException($"The provider in {raw.Source} has no kind: expected one of {string.Join(", ", ProviderSpec.KindNames)}.") { Key = "kind", ValueSource = raw.Source };
        }

        if (!ProviderSpec.TryParseKind(raw.Kind.Text, out var kind))
        {
            throw SettingParsers.Invalid(raw.Kind, "provider kind", $"one of {string.Join(", ", ProviderSpec.KindNames)} (as KIND=ADDRESS, e.g. openai=http://127.0.0.1:8080/v1)");
        }

        var address = raw.Address?.Text ?? DefaultAddress(kind, environment)
            ?? throw new AideConfigurationException($"The local provider in {raw.Source} needs a model file: local=PATH.") { Key = "address", ValueSource = raw.Source };
        if (kind == ProviderKind.Local)
        {
            // A name or alias of a downloaded model becomes its path; one not downloaded yet stays as typed, and the
            // local provider says how to pull it when it is used.
            address = new Models.ModelStore(AidePaths.Resolve(environment).ModelsDirectory).Find(address) ?? address;
        }
        else
        {
            address = ValidateUrl(kind == ProviderKind.Ollama ? WithScheme(address) : address, raw.Address ?? new SettingValue(address, "the environment"));
        }

        var model = modelOverride ?? raw.Model?.Text ?? modelDefault ?? kind switch
        {
            ProviderKind.OpenAI => AideDefaults.OpenAIModel,
            ProviderKind.Ollama => AideDefaults.OllamaModel,
            _ => null,
        };

        var apiKey = raw.ApiKey?.Text;
        if (apiKey is null && kind == ProviderKind.OpenAI)
        {
            apiKey = EnvironmentValues.Get(environment, SettingKeys.ApiKeyVariable) ?? EnvironmentValues.Get(environment, "OPENAI_API_KEY");
        }

        return new ProviderSettings(kind, address, model, apiKey);
    }

    private static string? DefaultAddress(ProviderKind kind, IReadOnlyDictionary<string, string?> environment) => kind switch
    {
        ProviderKind.OpenAI => EnvironmentValues.Get(environment, "OPENAI_BASE_URL") ?? AideDefaults.OpenAIAddress,
        ProviderKind.Ollama => EnvironmentValues.Get(environment, "OLLAMA_HOST") ?? AideDefaults.OllamaAddress,
        _ => null,
    };

    /// <summary>OLLAMA_HOST is commonly written as host:port; Ollama itself assumes http.</summary>
    private static string WithScheme(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;

    private static string ValidateUrl(string address, SettingValue source)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.UserInfo))
        {
            return address.TrimEnd('/');
        }

        throw SettingParsers.Invalid(source with { Text = Diagnostics.AddressRedactor.Redact(address) }, "provider address", "an absolute http:// or https:// URL without credentials, e.g. http://127.0.0.1:8080/v1");
    }
}
