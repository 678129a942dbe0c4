using Aide.Caching;
using Aide.Events;
using Aide.Providers;
using Aide.Resilience;

namespace Aide.Cli.Chat;

/// <summary>
/// The services the chat pipeline asks for (bus, cache, breakers, provider kinds). A full DI container would cost
/// this short-lived process tens of milliseconds of start-up for a handful of lookups.
/// </summary>
internal sealed class PipelineServices(IEventBus bus, ResponseCache? cache, ChatCacheOptions cacheOptions, ProviderCircuits? circuits, ProviderRegistry? providers) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IEventBus) ? bus
        : serviceType == typeof(ResponseCache) ? cache
        : serviceType == typeof(ChatCacheOptions) ? cacheOptions
        : serviceType == typeof(ProviderCircuits) ? circuits
        : serviceType == typeof(ProviderRegistry) ? providers
        : null;
}
