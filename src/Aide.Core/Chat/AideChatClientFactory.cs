using Aide.Caching;
using Aide.Configuration;
using Aide.Diagnostics;
using Aide.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aide.Chat;

/// <summary>Builds Aide's chat pipeline: events → telemetry → options → response cache → retries → timeout → provider.</summary>
public static class AideChatClientFactory
{
    /// <summary>Creates the pipeline for one provider.</summary>
    /// <param name="provider">The provider to talk to.</param>
    /// <param name="settings">Timeout, retries and default chat options.</param>
    /// <param name="services">Optional services: <see cref="Events.IEventBus"/>, <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/>,
    /// <see cref="Caching.ResponseCache"/> and <see cref="Caching.ChatCacheOptions"/> (no cache: every call reaches the provider).</param>
    /// <returns>A chat client; dispose it when done.</returns>
    public static IChatClient Create(ProviderSettings provider, AideSettings settings, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        return Build(ChatProviderFactory.Create(provider, settings.Timeout), provider, settings, services);
    }

    /// <summary>Wraps an already created provider client in Aide's decorators (also used by the benchmarks).</summary>
    internal static IChatClient Build(IChatClient providerClient, ProviderSettings provider, AideSettings settings, IServiceProvider? services)
    {
        var loggerFactory = services?.GetService<ILoggerFactory>();

        // How events name the provider, and what tells providers apart in cache keys (never the API key).
        var identity = $"{provider.KindName}={provider.Address}";
        return new ChatClientBuilder(providerClient)
            .UseAideEvents(identity, defaultModel: provider.Model)
            .UseOpenTelemetry(loggerFactory, AideDiagnostics.ActivitySourceName)
            .ConfigureOptions(options =>
            {
                options.ModelId ??= provider.Model;
                options.Temperature ??= settings.Temperature;
                options.MaxOutputTokens ??= settings.MaxOutputTokens;
            })
            .UseAideCache(identity, provider.KindName, provider.Model)
            .UseAideRetries(settings.Retries)
            .UseAideTimeout(settings.Timeout, provider.ToString())
            .Build(services);
    }
}
