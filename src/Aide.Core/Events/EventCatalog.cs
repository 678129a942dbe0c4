namespace Aide.Events;

/// <summary>Every event type Aide defines, by name (each event's <see cref="AideEvent.Category"/> gives its category): for filters, documentation and tests.</summary>
public static partial class EventCatalog
{
    /// <summary>Gets all concrete event types, by name (generated from the event records themselves).</summary>
    public static IReadOnlyList<Type> All { get; } = Generated();

    /// <summary>
    /// Gets the types defined ahead of the component that will publish them, with the issue that brings it.
    /// Each leaves this list when its publisher lands (a test checks both ways).
    /// </summary>
    /// <remarks>Empty now: every defined event has its publisher.</remarks>
    public static IReadOnlyDictionary<Type, string> Reserved { get; } = new Dictionary<Type, string>();

    /// <summary>Finds an event type by name, case-insensitively.</summary>
    /// <param name="name">The type name, e.g. <c>CacheHit</c>.</param>
    /// <returns>The type, or <see langword="null"/>.</returns>
    public static Type? Find(string name) => All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static partial Type[] Generated();
}
