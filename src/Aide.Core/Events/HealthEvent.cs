namespace Aide.Events;

/// <summary>Base of events from health monitoring (category <see cref="EventCategory.Health"/>).</summary>
public abstract record HealthEvent : AideEvent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public sealed override EventCategory Category => EventCategory.Health;
}
