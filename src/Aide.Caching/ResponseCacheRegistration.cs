using Aide.Chat;
using Aide.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aide.Caching;

/// <summary>Adds the response cache to the container Aide builds its pipeline from.</summary>
public static class ResponseCacheRegistration
{
    /// <summary>
    /// Adds a <see cref="ResponseCache"/> (memory tier, and a disk tier when <see cref="ResponseCacheOptions.Directory"/>
    /// is set) in front of the providers, its health check, and the <see cref="IChatCacheLayer"/> the pipeline picks up.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddAide(…)</c>.</param>
    /// <param name="configure">Bounds, folder and codec.</param>
    /// <param name="configureChat">What is cached and for how long (<see cref="ChatCacheOptions"/>).</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddResponseCache(this IAideBuilder builder, Action<ResponseCacheOptions>? configure = null, Action<ChatCacheOptions>? configureChat = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (configureChat is not null)
        {
            services.Configure(configureChat);
        }

        services.AddOptions<ResponseCacheOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseCacheOptions>, ResponseCacheOptionsValidator>());
        services.TryAddSingleton(sp => ResponseCache.Create(
            sp.GetRequiredService<IOptions<ResponseCacheOptions>>().Value,
            sp.GetService<IEventBus>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IChatCacheLayer>(sp => new ResponseCacheLayer(
            sp.GetRequiredService<ResponseCache>(), sp.GetService<IOptions<ChatCacheOptions>>()?.Value));
        services.AddSingleton(sp => ResponseCacheHealth.Entry(sp.GetRequiredService<ResponseCache>()));
        return builder;
    }
}
