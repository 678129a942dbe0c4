namespace Aide.Events.Dispatch;

/// <summary>Something drained on the thread pool: idle when nothing is queued and no drain runs.</summary>
internal interface IDrained
{
    /// <summary>Gets whether the queue is empty and no drain is scheduled or running.</summary>
    bool IsIdle { get; }
}
