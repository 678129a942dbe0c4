namespace Aide.Storage;

/// <summary>
/// Opens local stores (SQLite load, file open, log read back) one after another on one background thread, so a short
/// command goes on with its other work meanwhile; whoever first needs a store waits for its opening, or runs it
/// itself if the opening thread has not started it yet.
/// </summary>
/// <remarks>
/// One thread for every opening, not one each: on two cores a cached <c>aide ask</c> has the main thread plus one
/// to spare, and each extra thread's start (which waits until the thread runs) and competition for the cores cost the
/// main thread more than the overlap gave (Native AOT timeline). Not the thread pool either: starting it (worker and
/// gate threads) costs a short command about as much as it saves. The opening thread runs openings in the order they
/// were started and a waiter may take one out of turn, so an opening must never wait for another one.
/// </remarks>
internal static class OpeningThread
{
    /// <summary>
    /// Gets or sets how long the opening thread waits for another opening once its queue is empty (100 ms). A command's
    /// openings come in bursts a few milliseconds apart (SQLite's loading, then the files once the settings are read);
    /// starting the thread again for the next burst cost the starting thread 0.3-0.5 ms (Native AOT). Settable for tests.
    /// </summary>
    internal static TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Guards the queue; a <see cref="Monitor"/> (not a <see cref="Lock"/>) so the lingering thread can be woken.</summary>
    private static readonly object Gate = new();
    private static readonly Queue<Opening> Pending = new();
    private static bool _running;
    private static int _threadsStarted;

    /// <summary>Gets how many times the opening thread was started (for tests).</summary>
    internal static int ThreadsStarted => Volatile.Read(ref _threadsStarted);

    /// <summary>Queues <paramref name="open"/>, which must not throw (nothing could catch it on that thread).</summary>
    /// <param name="open">The opening.</param>
    /// <returns>The opening, to wait for with <see cref="Join"/>.</returns>
    public static Opening Start(Action open)
    {
        var opening = new Opening(open);
        lock (Gate)
        {
            Pending.Enqueue(opening);
            if (!_running)
            {
                _running = true;
                _threadsStarted++;
                new Thread(Work) { IsBackground = true, Name = "Aide store opening" }.UnsafeStart();
            }
            else
            {
                Monitor.Pulse(Gate);
            }
        }

        return opening;
    }

    /// <summary>
    /// Queues <paramref name="open"/> and returns its outcome: its result, or the exception it threw. Wait for it with
    /// <c>GetAwaiter().GetResult()</c> (no thread-pool continuation), or await it (the rest then runs on the thread
    /// pool, never on the opening thread, where waiting for a later opening would deadlock).
    /// </summary>
    public static Task<T> Start<T>(Func<T> open)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(
            () =>
            {
                try
                {
                    outcome.SetResult(open());
                }
                catch (Exception ex)
                {
                    outcome.SetException(ex);
                }
            });
        return outcome.Task;
    }

    /// <summary>
    /// Waits for an opening started with <see cref="Start{T}(Func{T})"/>, meanwhile running the openings still queued
    /// one at a time (the caller needs those next, and two cores open two stores at once), and returns its outcome.
    /// </summary>
    public static T Wait<T>(Task<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        RunQueuedUntil(outcome);
        return outcome.GetAwaiter().GetResult();
    }

    /// <summary>Waits for the opening in <paramref name="opening"/>, if any, and clears it so later calls cost one read.</summary>
    public static void Join(ref Opening? opening)
    {
        if (Volatile.Read(ref opening) is { } pending)
        {
            pending.Wait();
            Volatile.Write(ref opening, null);
        }
    }

    /// <summary>Runs the queued openings on the caller's thread, one at a time, until <paramref name="awaited"/> completes or none is left.</summary>
    private static void RunQueuedUntil(Task awaited)
    {
        while (!awaited.IsCompleted && TakePending() is { } queued)
        {
            queued.TryRun();
        }
    }

    private static Opening? TakePending()
    {
        lock (Gate)
        {
            return Pending.TryDequeue(out var next) ? next : null;
        }
    }

    private static void Work()
    {
        while (true)
        {
            Opening? next;
            lock (Gate)
            {
                // Woken by Start, or out of time; a waiter may have taken the queued opening meanwhile.
                while (!Pending.TryDequeue(out next))
                {
                    if (!Monitor.Wait(Gate, Linger) && Pending.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }
            }

            next.TryRun();
        }
    }

    /// <summary>One queued opening.</summary>
    internal sealed class Opening(Action open)
    {
        private readonly TaskCompletionSource _done = new();
        private int _claimed;

        /// <summary>
        /// Runs the opening on the caller's thread if the opening thread has not started it yet. Otherwise, until it
        /// has run, runs the openings still queued (the caller would mostly wait for those next, and two cores open
        /// two stores at once), then blocks (a blocking wait: no thread-pool continuation).
        /// </summary>
        public void Wait()
        {
            if (TryRun())
            {
                return;
            }

            RunQueuedUntil(_done.Task);
            _done.Task.GetAwaiter().GetResult();
        }

        /// <summary>Runs the opening unless another thread has claimed it.</summary>
        /// <returns>Whether it ran here.</returns>
        public bool TryRun()
        {
            if (Interlocked.Exchange(ref _claimed, 1) != 0)
            {
                return false;
            }

            try
            {
                open();
            }
            finally
            {
                _done.SetResult();
            }

            return true;
        }
    }
}
