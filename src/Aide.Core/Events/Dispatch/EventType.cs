namespace Aide.Events.Dispatch;

/// <summary>Per-type constants, computed once by the runtime's static initialisation.</summary>
internal static class EventType<TEvent>
    where TEvent : AideEvent
{
    public static readonly int Id = EventTypeRegistry.IdOf(typeof(TEvent));

}
