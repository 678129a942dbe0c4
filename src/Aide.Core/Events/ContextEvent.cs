namespace Aide.Events;

/// <summary>Base of events from conversation context (category <see cref="EventCategory.Context"/>).</summary>
public abstract record ContextEvent : AideEvent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public sealed override EventCategory Category => EventCategory.Context;
}
