namespace Aide.Events;

/// <summary>Counters of what the bus could not deliver normally.</summary>
/// <param name="Subscriptions">Live subscriptions.</param>
/// <param name="Dropped">Events dropped because an asynchronous backlog was full.</param>
/// <param name="HandlerFailures">Handler calls that threw.</param>
/// <param name="SkippedWhileSuspended">Deliveries skipped because the handler was suspended after repeated failures.</param>
/// <param name="DeadLettered">Failed deliveries handed to the dead-letter sink.</param>
/// <param name="Backlog">Events queued for asynchronous handlers right now.</param>
public sealed record EventBusStatistics(int Subscriptions, long Dropped, long HandlerFailures, long SkippedWhileSuspended, long DeadLettered, long Backlog);
