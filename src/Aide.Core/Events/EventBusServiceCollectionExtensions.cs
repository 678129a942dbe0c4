using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Aide.Events;

/// <summary>Registers the event bus in a service collection.</summary>
public static class EventBusServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="IEventBus"/>, using the container's <see cref="TimeProvider"/>, logging and metrics when registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional changes to <see cref="EventBusOptions"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAideEventBus(this IServiceCollection services, Action<EventBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = new EventBusOptions();
            configure?.Invoke(options);
            var bus = AideEventBus.Create(
                options,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILoggerFactory>(),
                provider.GetService<IMeterFactory>());

            // Listeners that must see the first event (the journal) attach before anyone can publish.
            foreach (var attachment in provider.GetServices<EventBusAttachment>())
            {
                attachment.Attach(bus, provider);
            }

            return bus;
        });
        return services;
    }
}
