using Microsoft.Extensions.Logging;

namespace Aide.Events.Sinks;

/// <summary>Writes every event to an <see cref="ILogger"/>, at a level that follows its severity.</summary>
public static class LoggingEventSink
{
    /// <summary>Subscribes a logging handler to every event (synchronous: it checks the level before formatting anything).</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>Dispose it to stop logging.</returns>
    public static IDisposable AddLogging(this IEventBus bus, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(logger);
        return bus.Subscribe<AideEvent>(evt =>
        {
            var level = evt.Severity switch
            {
                EventSeverity.Debug => LogLevel.Trace,
                EventSeverity.Info => LogLevel.Debug,
                EventSeverity.Warning => LogLevel.Warning,
                EventSeverity.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (logger.IsEnabled(level))
            {
                EventLog.EventObserved(logger, level, evt.GetType().Name, evt.Source, evt);
            }
        });
    }
}
