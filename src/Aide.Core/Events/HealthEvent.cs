namespace Aide.Events;

/// <summary>Base of events from health monitoring (category <see cref="EventCategory.Health"/>).</summary>
public abstract record HealthEvent : AideEvent
{
    /// <inheritdoc />
    public sealed override EventCategory Category => EventCategory.Health;
}
