using Microsoft.Extensions.Logging;

namespace Aide.Events;

/// <summary>The event bus's and journal's log messages, source-generated, with fixed event ids (Aide's 100 range).</summary>
internal static partial class EventLog
{
    [LoggerMessage(100, LogLevel.Warning, "Event handler {Handler} failed on {EventType}; the publisher was not affected.")]
    public static partial void EventHandlerFailed(ILogger logger, string handler, string eventType, Exception error);

    [LoggerMessage(101, LogLevel.Warning, "Event handler {Handler} failed {Failures} times in a row and is suspended for {Duration}.")]
    public static partial void EventHandlerSuspended(ILogger logger, string handler, int failures, TimeSpan duration);

    [LoggerMessage(102, LogLevel.Warning, "Event subscriber {Handler} cannot keep up: its backlog is full and {EventType} events are being dropped (counted in aide.events.dropped).")]
    public static partial void EventDropped(ILogger logger, string handler, string eventType);

    [LoggerMessage(103, LogLevel.Warning, "The event bus did not drain within {Timeout}; {Left} queued events were not delivered.")]
    public static partial void EventBusDrainTimedOut(ILogger logger, TimeSpan timeout, long left);

    [LoggerMessage(104, LogLevel.Error, "The dead-letter sink failed.")]
    public static partial void DeadLetterSinkFailed(ILogger logger, Exception error);

    [LoggerMessage(105, LogLevel.Warning, "The event journal in {Directory} cannot be written ({Reason}); it is off for this run, and events still reach every other subscriber.")]
    public static partial void EventJournalDisabled(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 106, Message = "{EventType} from {Source}: {Event}")]
    public static partial void EventObserved(ILogger logger, LogLevel level, string eventType, string source, Events.AideEvent @event);

    [LoggerMessage(107, LogLevel.Warning, "Event handler {Handler} blocked its thread for over {Timeout}; the other subscribers were moved past it, and it now gets its events through a queue of its own.")]
    public static partial void EventHandlerBlocked(ILogger logger, string handler, TimeSpan timeout);

    [LoggerMessage(108, LogLevel.Debug, "Event handler {Handler} now gets its events through a queue of its own ({Reason}).")]
    public static partial void EventHandlerDetached(ILogger logger, string handler, string reason);
}
