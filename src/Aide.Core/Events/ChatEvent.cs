namespace Aide.Events;

/// <summary>Base of events from chat requests (category <see cref="EventCategory.Chat"/>).</summary>
public abstract record ChatEvent : AideEvent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public sealed override EventCategory Category => EventCategory.Chat;
}
