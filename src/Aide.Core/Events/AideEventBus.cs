using System.Diagnostics.Metrics;
using Aide.Events.Dispatch;
using Microsoft.Extensions.Logging;

namespace Aide.Events;

/// <summary>Creates Aide's <see cref="IEventBus"/> without dependency injection (see <see cref="EventBusServiceCollectionExtensions"/> for DI).</summary>
public static class AideEventBus
{
    /// <summary>Creates an event bus.</summary>
    /// <param name="options">Backlog, overflow, handler suspension and drain settings; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">Clock for handler suspension and draining; <see langword="null"/> for the system clock.</param>
    /// <param name="loggerFactory">Where handler failures are logged.</param>
    /// <param name="meterFactory">Where the <c>Aide</c> meter is created.</param>
    /// <returns>The bus; dispose it to drain and stop.</returns>
    public static IEventBus Create(EventBusOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        if (options is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(options.AsyncCapacity, 1, nameof(options));
            ArgumentOutOfRangeException.ThrowIfLessThan(options.HandlerFailureThreshold, 1, nameof(options));
            ArgumentOutOfRangeException.ThrowIfLessThan(options.HandlerBreakDuration, TimeSpan.Zero, nameof(options));
            ArgumentOutOfRangeException.ThrowIfLessThan(options.DrainTimeout, TimeSpan.Zero, nameof(options));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BlockedHandlerTimeout, TimeSpan.Zero, nameof(options));
        }

        return new EventBus(options, timeProvider, loggerFactory, meterFactory);
    }
}
