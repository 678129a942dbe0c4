namespace Aide.Events.Dispatch;

/// <summary>The subscribers of one concrete event type: an immutable snapshot, replaced whole when subscriptions change.</summary>
internal sealed class EventRoute(SyncSubscription[] sync, AsyncSubscription[] ownMailbox, AsyncSubscription[] shared)
{
    public SyncSubscription[] Sync { get; } = sync;

    /// <summary>Gets the asynchronous subscriptions with their own backlog settings: the publisher feeds their mailboxes.</summary>
    public AsyncSubscription[] OwnMailbox { get; } = ownMailbox;

    /// <summary>Gets the asynchronous subscriptions on the bus's settings: one envelope to the shared dispatcher reaches them all.</summary>
    public AsyncSubscription[] Shared { get; } = shared;

    public bool IsEmpty => Sync.Length == 0 && OwnMailbox.Length == 0 && Shared.Length == 0;
}
