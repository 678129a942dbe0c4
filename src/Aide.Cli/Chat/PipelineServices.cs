using Aide.Chat;
using Aide.Events;
using Aide.Providers;
using Aide.Resilience;

namespace Aide.Cli.Chat;

/// <summary>
/// The services the chat pipeline asks for (bus, cache layer, breakers, provider kinds): the CLI's composition,
/// without a DI container, whose build costs a short-lived native process start-up time for a handful of lookups.
/// </summary>
internal sealed class PipelineServices(IEventBus bus, IChatCacheLayer? cache, ProviderCircuits? circuits, ProviderRegistry? providers) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IEventBus) ? bus
        : serviceType == typeof(IChatCacheLayer) ? cache
        : serviceType == typeof(ProviderCircuits) ? circuits
        : serviceType == typeof(ProviderRegistry) ? providers
        : null;
}
