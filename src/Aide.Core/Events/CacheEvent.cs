namespace Aide.Events;

/// <summary>Base of events from the response cache (category <see cref="EventCategory.Cache"/>).</summary>
public abstract record CacheEvent : AideEvent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public sealed override EventCategory Category => EventCategory.Cache;
}
