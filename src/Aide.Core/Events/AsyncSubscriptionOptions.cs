namespace Aide.Events;

/// <summary>Per-subscription overrides of <see cref="EventBusOptions"/> for an asynchronous handler.</summary>
public sealed class AsyncSubscriptionOptions
{
    /// <summary>Gets the backlog size, or <see langword="null"/> for <see cref="EventBusOptions.AsyncCapacity"/>.</summary>
    public int? Capacity { get; init; }

    /// <summary>Gets the overflow policy, or <see langword="null"/> for <see cref="EventBusOptions.Overflow"/>.</summary>
    public EventOverflowPolicy? Overflow { get; init; }

    /// <summary>Gets a name for logs and statistics; defaults to the handler's method name.</summary>
    public string? Name { get; init; }
}
