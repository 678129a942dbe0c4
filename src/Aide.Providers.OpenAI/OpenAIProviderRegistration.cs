using Microsoft.Extensions.DependencyInjection;

namespace Aide.Providers.OpenAI;

/// <summary>Adds the OpenAI-compatible provider kind (<c>openai=URL</c>) to a <see cref="ProviderRegistry"/>.</summary>
public static class OpenAIProviderRegistration
{
    /// <summary>Registers <see cref="Configuration.ProviderKind.OpenAI"/>: OpenAI and any OpenAI-compatible endpoint.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddOpenAI(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var available = ProviderAvailability.Available("built in (HTTP)");
        registry.Register(Configuration.ProviderKind.OpenAI, _ => available, static () => new OpenAIChatProvider());
        return registry;
    }

    /// <summary>Adds the OpenAI-compatible provider kind to the container Aide builds its pipeline from.</summary>
    /// <param name="builder">The builder from <c>services.AddAide(…)</c>.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddOpenAIProvider(this IAideBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProviderKind(static (registry, _) => registry.AddOpenAI());
    }
}
