namespace Aide.Events.Dispatch;

/// <summary>Why a handler left the shared dispatcher: the <c>aide.event.detach_reason</c> tag of <c>aide.events.handlers_detached</c>.</summary>
internal static class DetachReason
{
    /// <summary>It returned a task that was not complete.</summary>
    public const string Pending = "pending";

    /// <summary>It blocked its thread for a whole watchdog period (the drain was taken over).</summary>
    public const string Blocked = "blocked";

    /// <summary>The watchdog found it running on several checks in a row.</summary>
    public const string Slow = "slow";
}
