using System.ComponentModel.DataAnnotations;

namespace Aide.Events;

/// <summary>Settings of the event bus; the defaults suit an interactive assistant.</summary>
public sealed class EventBusOptions
{
    /// <summary>Gets or sets the backlog of each asynchronous subscription, in events (default 10,000).</summary>
    [Range(1, 10_000_000)]
    public int AsyncCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets what a full backlog does (default <see cref="EventOverflowPolicy.DropOldest"/>).</summary>
    public EventOverflowPolicy Overflow { get; set; } = EventOverflowPolicy.DropOldest;

    /// <summary>Gets or sets how many consecutive failures suspend a handler (default 5).</summary>
    [Range(1, 1000)]
    public int HandlerFailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets how long a failing handler stays suspended before one event is tried again (default 30 s).</summary>
    public TimeSpan HandlerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long disposing the bus waits for asynchronous backlogs to drain (default 5 s).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long an asynchronous handler on the bus's backlog settings may block its thread before the
    /// other subscribers are moved past it (default 50 ms). Such handlers share one dispatcher while they complete
    /// at once; one that returns a pending task, blocks, or takes most of the dispatcher's time is moved to a queue
    /// of its own, for good, so the others wait once, for one to two times this long, for a handler that blocks (the
    /// watchdog checks once per period and takes over a call it sees on two checks in a row).
    /// </summary>
    public TimeSpan BlockedHandlerTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets where events whose asynchronous handler threw are sent, if anywhere.</summary>
    public IEventDeadLetterSink? DeadLetterSink { get; set; }
}
