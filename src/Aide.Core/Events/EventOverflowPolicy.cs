namespace Aide.Events;

/// <summary>What an asynchronous subscription does when its backlog is full. The publisher never waits either way.</summary>
public enum EventOverflowPolicy
{
    /// <summary>Drop the oldest queued event to make room: the subscriber sees the most recent events (default).</summary>
    DropOldest,

    /// <summary>Drop the incoming event: the subscriber sees an unbroken prefix of the stream.</summary>
    DropNewest,
}
