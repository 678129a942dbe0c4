using Microsoft.Extensions.DependencyInjection;

namespace Aide.Providers.Ollama;

/// <summary>Adds the Ollama provider kind (<c>ollama=URL</c>) to a <see cref="ProviderRegistry"/>.</summary>
public static class OllamaProviderRegistration
{
    /// <summary>Registers <see cref="Configuration.ProviderKind.Ollama"/>.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddOllama(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var available = ProviderAvailability.Available("built in (HTTP)");
        registry.Register(Configuration.ProviderKind.Ollama, _ => available, static () => new OllamaChatProvider());
        return registry;
    }

    /// <summary>Adds the Ollama provider kind to the container Aide builds its pipeline from.</summary>
    /// <param name="builder">The builder from <c>services.AddAide(…)</c>.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddOllamaProvider(this IAideBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProviderKind(static (registry, _) => registry.AddOllama());
    }
}
