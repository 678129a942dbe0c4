namespace Aide.Storage;

/// <summary>
/// Where local stores (the response cache's file, the token-count memo, a conversation store) are opened: at once on
/// the caller's thread (<see cref="Inline"/>, the default), or, for a short-lived host such as a command-line tool,
/// one after another on one background thread (<see cref="Background"/>), so the host goes on with its other work
/// meanwhile. Whoever first needs a store waits for its opening, or runs it itself if the thread has not started it.
/// The host owns its opener and hands it to what it opens; nothing in the library keeps one of its own.
/// </summary>
/// <remarks>
/// One thread for every opening, not one each: on two cores a cached <c>aide ask</c> has the main thread plus one to
/// spare, and each extra thread's start (which waits until the thread runs) and competition for the cores cost the main
/// thread more than the overlap gave (Native AOT timeline). Not the thread pool either: starting it (worker and gate
/// threads) costs a short command about as much as it saves. Openings run in the order they were started and a waiter
/// may take one out of turn, so an opening must never wait for another one.
/// </remarks>
public sealed class StoreOpener
{
    /// <summary>Guards the queue; a <see cref="Monitor"/> (not a <see cref="Lock"/>) so the lingering thread can be woken.</summary>
    private readonly object _gate = new();
    private readonly Queue<StoreOpening> _pending = new();
    private readonly bool _background;
    private bool _running;
    private int _threadsStarted;

    private StoreOpener(bool background, TimeSpan linger)
    {
        _background = background;
        Linger = linger;
    }

    /// <summary>Gets the opener that runs each opening at once, on the thread that starts it.</summary>
    public static StoreOpener Inline { get; } = new(background: false, TimeSpan.Zero);

    /// <summary>
    /// Gets how long the background thread waits for another opening once its queue is empty. A command's openings come
    /// in bursts a few milliseconds apart (SQLite's loading, then the files once the settings are read); starting the
    /// thread again for the next burst cost the starting thread 0.3-0.5 ms (Native AOT).
    /// </summary>
    public TimeSpan Linger { get; }

    /// <summary>Gets how many times the background thread was started (for tests).</summary>
    internal int ThreadsStarted => Volatile.Read(ref _threadsStarted);

    /// <summary>Creates an opener with one background thread, started on the first opening and ended after <paramref name="linger"/> without one.</summary>
    /// <param name="linger">How long the idle thread waits for the next opening (default 100 ms).</param>
    /// <returns>The opener; the thread is a background thread, so it never keeps the process alive.</returns>
    public static StoreOpener Background(TimeSpan? linger = null)
    {
        var wait = linger ?? TimeSpan.FromMilliseconds(100);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(linger));
        return new StoreOpener(background: true, wait);
    }

    /// <summary>Starts <paramref name="open"/>, which must not throw (nothing could catch it on a background thread).</summary>
    /// <param name="open">The opening.</param>
    /// <returns>The opening, to wait for with <see cref="StoreOpening.Wait"/>.</returns>
    public StoreOpening Start(Action open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var opening = new StoreOpening(this, open);
        if (!_background)
        {
            opening.TryRun();
            return opening;
        }

        lock (_gate)
        {
            _pending.Enqueue(opening);
            if (!_running)
            {
                _running = true;
                _threadsStarted++;
                new Thread(Work) { IsBackground = true, Name = "Aide store opening" }.UnsafeStart();
            }
            else
            {
                Monitor.Pulse(_gate);
            }
        }

        return opening;
    }

    /// <summary>
    /// Starts <paramref name="open"/> and returns its outcome: its result, or the exception it threw. Wait for it with
    /// <see cref="Wait{T}"/> (no thread-pool continuation), or await it (the rest then runs on the thread pool, never on
    /// the opening thread, where waiting for a later opening would deadlock).
    /// </summary>
    /// <typeparam name="T">What the opening gives.</typeparam>
    /// <param name="open">The opening.</param>
    /// <returns>The outcome.</returns>
    public Task<T> Start<T>(Func<T> open)
    {
        ArgumentNullException.ThrowIfNull(open);
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
    /// <typeparam name="T">What the opening gives.</typeparam>
    /// <param name="outcome">The outcome <see cref="Start{T}(Func{T})"/> returned.</param>
    /// <returns>The result; the opening's exception is thrown here.</returns>
    public T Wait<T>(Task<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        RunQueuedUntil(outcome);
        return outcome.GetAwaiter().GetResult();
    }

    /// <summary>Runs the queued openings on the caller's thread, one at a time, until <paramref name="awaited"/> completes or none is left.</summary>
    internal void RunQueuedUntil(Task awaited)
    {
        while (!awaited.IsCompleted && TakePending() is { } queued)
        {
            queued.TryRun();
        }
    }

    private StoreOpening? TakePending()
    {
        lock (_gate)
        {
            return _pending.TryDequeue(out var next) ? next : null;
        }
    }

    private void Work()
    {
        while (true)
        {
            StoreOpening? next;
            lock (_gate)
            {
                // Woken by Start, or out of time; a waiter may have taken the queued opening meanwhile.
                while (!_pending.TryDequeue(out next))
                {
                    if (!Monitor.Wait(_gate, Linger) && _pending.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }
            }

            next.TryRun();
        }
    }
}
