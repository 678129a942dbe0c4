namespace Aide.Events.Dispatch;

/// <summary>The subscribers of one concrete event type: an immutable snapshot, replaced whole when subscriptions change.</summary>
internal sealed class EventRoute(SyncSubscription[] sync, AsyncSubscription[] async)
{
    public SyncSubscription[] Sync { get; } = sync;

    public AsyncSubscription[] Async { get; } = async;
}
