using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>
/// A model as the user names it: a bare name (<c>llama3.2</c>) or one qualified by its provider kind
/// (<c>ollama/llama3.2</c>, <c>openai/gpt-4o</c>, <c>local/qwen2.5-0.5b</c>), as the gateway reads a request's <c>model</c>.
/// </summary>
/// <remarks>
/// A name whose part before the first '/' is not a kind (<c>hf.co/…</c>, <c>meta-llama/…</c>) is a bare name. A model
/// whose own name starts with a kind (OpenRouter's <c>openai/gpt-4o</c>) is written with its kind in front:
/// <c>openai/openai/gpt-4o</c>.
/// </remarks>
internal static class ModelChoice
{
    /// <summary>The kind and name of a qualified model, or <see langword="null"/> for a bare name.</summary>
    public static (ProviderKind Kind, string Name)? Qualified(string model)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < model.Length - 1 && ProviderSpec.TryParseKind(model[..slash], out var kind) ? (kind, model[(slash + 1)..]) : null;
    }

    /// <summary>
    /// The provider that serves a qualified model: the first configured provider of that kind, or one of that kind at
    /// its default address (its model file, for <c>local</c>). Only it: a model named with its provider is that model,
    /// never another provider's answer from failover (as the gateway routes <c>kind/name</c>).
    /// </summary>
    public static IReadOnlyList<ProviderSettings> Prefer(
        IReadOnlyList<ProviderSettings> providers, ProviderKind kind, string name, IReadOnlyDictionary<string, string?> environment, string source)
    {
        var existing = kind == ProviderKind.Local ? null : providers.FirstOrDefault(p => p.Kind == kind);
        var chosen = existing?.WithModel(name) ?? ProviderResolver.Resolve(
            new RawProvider
            {
                Source = source,
                Kind = new SettingValue(ProviderSpec.NameOf(kind), source),
                Address = kind == ProviderKind.Local ? new SettingValue(name, source) : null,
                Model = kind == ProviderKind.Local ? null : new SettingValue(name, source),
            },
            null,
            null,
            environment);
        return [chosen];
    }
}
