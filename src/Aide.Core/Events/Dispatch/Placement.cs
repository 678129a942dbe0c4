namespace Aide.Events.Dispatch;

/// <summary>Where a subscription's events go; the shared dispatcher moves it from attached to detached, never back.</summary>
internal static class Placement
{
    /// <summary>Called by the shared dispatcher itself.</summary>
    public const int Attached = 0;

    /// <summary>Still called by the dispatcher; detached at its next event (the watchdog found it slow).</summary>
    public const int DetachRequested = 1;

    /// <summary>Fed through its own mailbox.</summary>
    public const int Detached = 2;
}
