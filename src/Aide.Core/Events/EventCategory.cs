namespace Aide.Events;

/// <summary>The part of Aide an event comes from; subscribers can take a whole category.</summary>
public enum EventCategory
{
    /// <summary>Conversation context: messages, window, entities.</summary>
    Context,

    /// <summary>Health monitoring: thresholds, predictions, recovery, circuit breakers.</summary>
    Health,

    /// <summary>The response cache.</summary>
    Cache,

    /// <summary>Chat requests and provider failover.</summary>
    Chat,
}
