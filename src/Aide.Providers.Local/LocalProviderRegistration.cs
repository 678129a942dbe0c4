using Aide.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aide.Providers.Local;

/// <summary>Adds local GGUF models to the container Aide builds its pipeline from.</summary>
public static class LocalProviderRegistration
{
    /// <summary>Adds the <c>local</c> provider kind: models run in-process, pulled by name into <paramref name="modelsDirectory"/>.</summary>
    /// <param name="builder">The builder from <c>services.AddAide(…)</c>.</param>
    /// <param name="modelsDirectory">The models folder (<see cref="ModelStore"/>).</param>
    /// <param name="configure">Changes to the <see cref="LocalModelOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddLocalModels(this IAideBuilder builder, string modelsDirectory, Action<LocalModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.AddSingleton(_ => new ModelStore(modelsDirectory));
        return builder.AddProviderKind(static (registry, services) => LocalModelProvider.Register(
            registry,
            services.GetRequiredService<ModelStore>(),
            services.GetService<IOptions<LocalModelOptions>>()?.Value,
            services.GetService<ILoggerFactory>()));
    }
}
