namespace Aide.Storage;

/// <summary>One opening started on a <see cref="StoreOpener"/>.</summary>
public sealed class StoreOpening
{
    private readonly StoreOpener _opener;
    private readonly Action _open;
    private readonly TaskCompletionSource _done = new();
    private int _claimed;

    internal StoreOpening(StoreOpener opener, Action open)
    {
        _opener = opener;
        _open = open;
    }

    /// <summary>Gets a value indicating whether the opening has run.</summary>
    public bool IsCompleted => _done.Task.IsCompleted;

    /// <summary>
    /// Waits until the opening has run: runs it on the caller's thread if the opener has not started it yet; otherwise,
    /// until it has run, runs the openings still queued (the caller would mostly wait for those next, and two cores
    /// open two stores at once), then blocks (a blocking wait: no thread-pool continuation). Once done, costs one read.
    /// </summary>
    public void Wait()
    {
        if (_done.Task.IsCompleted || TryRun())
        {
            return;
        }

        _opener.RunQueuedUntil(_done.Task);
        _done.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs the opening unless another thread has claimed it.</summary>
    /// <returns>Whether it ran here.</returns>
    internal bool TryRun()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return false;
        }

        try
        {
            _open();
        }
        finally
        {
            _done.SetResult();
        }

        return true;
    }
}
