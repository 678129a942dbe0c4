namespace Aide.Events;

/// <summary>Every event type Aide defines, by name (each event's <see cref="AideEvent.Category"/> gives its category): for filters, documentation and tests.</summary>
public static class EventCatalog
{
    /// <summary>Gets all concrete event types.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(ContextUpdated), typeof(ContextWindowChanged), typeof(ContextEntityDetected), typeof(ContextEntityRemoved), typeof(ContextRestored), typeof(ContextCleared),
        typeof(HealthThresholdExceeded), typeof(AutoRecoveryStarted), typeof(AutoRecoveryCompleted), typeof(HealthPredictionAlert), typeof(CircuitBreakerStateChanged),
        typeof(CacheHit), typeof(CacheMiss), typeof(CacheEviction), typeof(CacheExpired), typeof(CacheCleared), typeof(CacheWarmed), typeof(CacheInvalidated),
        typeof(ChatRequestStarted), typeof(ChatResponseCompleted), typeof(ChatRequestFailed), typeof(ProviderFailover),
    ];

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
}
