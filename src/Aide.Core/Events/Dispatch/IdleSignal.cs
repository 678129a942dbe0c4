namespace Aide.Events.Dispatch;

/// <summary>
/// Lets disposal wait until a queue (a mailbox or the shared dispatcher) is idle: the waiter is created only when
/// someone waits, so the drain's check at each idle transition is one field read.
/// </summary>
internal sealed class IdleSignal(IDrained owner)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiter;

    /// <summary>Completes when the owner is idle.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (owner.IsIdle)
            {
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }

    /// <summary>Called by the drain when it goes idle: releases a waiter if the owner is still idle.</summary>
    public void Signal()
    {
        if (Volatile.Read(ref _waiter) is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_waiter is not null && owner.IsIdle)
            {
                _waiter.TrySetResult();
                _waiter = null;
            }
        }
    }
}
