using System.Text.Json.Serialization;

namespace Aide.Events;

/// <summary>
/// Base of every event on the <see cref="IEventBus"/>: immutable, with an id, a UTC timestamp (taken by the publisher
/// from its <see cref="TimeProvider"/>), the component that raised it, and the session and chat turn it belongs to.
/// Payloads never carry secrets or message text in clear (cache keys travel as hashes).
/// </summary>
public abstract record AideEvent
{
    /// <summary>Gets the unique id of this event.</summary>
    public Guid Id { get; init; } = RandomIds.NewGuid();

    /// <summary>Gets when it happened, in UTC, from the publisher's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the component that raised it (e.g. <c>chat</c>, <c>cache</c>).</summary>
    public required string Source { get; init; }

    /// <summary>Gets the conversation it belongs to, if any: by default that of the <see cref="ChatTurnScope"/> it was created in.</summary>
    public string? SessionId { get; init; } = ChatTurnScope.SessionId;

    /// <summary>Gets the id shared by all events of one chat turn, if any: by default that of the <see cref="ChatTurnScope"/> it was created in.</summary>
    public string? CorrelationId { get; init; } = ChatTurnScope.CorrelationId;

    /// <summary>Gets who asked for the turn it belongs to (a gateway request's access key name), if any: by default that of the <see cref="ChatTurnScope"/> it was created in.</summary>
    public string? CallerId { get; init; } = ChatTurnScope.CallerId;

    /// <summary>Gets how much it matters.</summary>
    public EventSeverity Severity { get; init; } = EventSeverity.Info;

    /// <summary>
    /// Gets the bus's index for this event's type. Aide's sealed events return a per-type constant (generated), which lets
    /// <see cref="IEventBus.Publish"/> route without a generic virtual call or a dictionary lookup.
    /// </summary>
    [JsonIgnore]
    internal virtual int TypeId => Dispatch.EventTypeRegistry.IdOf(GetType());

    /// <summary>Gets the part of Aide the event belongs to.</summary>
    [JsonIgnore]
    public abstract EventCategory Category { get; }
}
