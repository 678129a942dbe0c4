using Aide.Storage;

namespace Aide.Core.Tests.Storage;

public sealed class StoreOpenerTests
{
    private readonly StoreOpener _opener = StoreOpener.Background();

    [Fact]
    public async Task Openings_run_one_after_another_in_the_order_started_off_the_caller_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var order = new List<(int Step, int Thread)>();
        using var release = new ManualResetEventSlim();

        // The first opening blocks until released: the later ones must queue behind it, not overtake it.
        var first = _opener.Start(() =>
        {
            release.Wait(TestContext.Current.CancellationToken);
            lock (order)
            {
                order.Add((1, Environment.CurrentManagedThreadId));
            }
        });
        var second = _opener.Start(() =>
        {
            lock (order)
            {
                order.Add((2, Environment.CurrentManagedThreadId));
            }
        });
        var third = _opener.Start(() => 3);

        Assert.False(third.IsCompleted);
        release.Set();
        Assert.Equal(3, await third);
        second.Wait();
        Assert.True(second.IsCompleted);
        first.Wait();

        Assert.Equal([1, 2], order.Select(o => o.Step));
        Assert.All(order, o => Assert.NotEqual(caller, o.Thread));
    }

    [Fact]
    public async Task An_opening_not_started_yet_runs_on_the_thread_that_waits_for_it_and_only_there()
    {
        var caller = Environment.CurrentManagedThreadId;
        using var release = new ManualResetEventSlim();
        var runs = new List<int>();
        var first = _opener.Start(() => { release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); });
        var second = _opener.Start(() =>
        {
            lock (runs)
            {
                runs.Add(Environment.CurrentManagedThreadId);
            }
        });
        var third = _opener.Start(() => 3);

        // The opening thread is held by the first opening: the caller runs the second itself instead of waiting.
        second.Wait();
        Assert.Equal([caller], runs);

        // When the opening thread reaches the second opening, it finds it done and goes on.
        release.Set();
        Assert.Equal(3, await third);
        first.Wait();
        Assert.Equal([caller], runs);
    }

    [Fact]
    public void Waiting_for_an_opening_that_runs_elsewhere_runs_the_queued_ones_meanwhile()
    {
        var caller = Environment.CurrentManagedThreadId;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var runs = new List<int>();

        // The first opening runs on the opening thread until the second one releases it (or 30 s pass).
        var first = _opener.Start(() =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        });
        started.Wait(TestContext.Current.CancellationToken);
        var second = _opener.Start(() =>
        {
            lock (runs)
            {
                runs.Add(Environment.CurrentManagedThreadId);
            }

            release.Set();
        });

        first.Wait();
        second.Wait();
        Assert.Equal([caller], runs);
    }

    [Fact]
    public void Waiting_for_an_outcome_that_is_opened_elsewhere_runs_the_queued_openings_meanwhile()
    {
        var caller = Environment.CurrentManagedThreadId;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var runs = new List<int>();

        // The store being waited for opens on the opening thread until the queued opening releases it (or 30 s pass).
        var store = _opener.Start(() =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            return "store";
        });
        started.Wait(TestContext.Current.CancellationToken);
        var queued = _opener.Start(() =>
        {
            lock (runs)
            {
                runs.Add(Environment.CurrentManagedThreadId);
            }

            release.Set();
        });

        Assert.Equal("store", _opener.Wait(store));
        queued.Wait();
        Assert.Equal([caller], runs);
    }

    [Fact]
    public async Task An_opening_that_throws_hands_its_exception_to_whoever_waits_and_later_openings_still_run()
    {
        var failing = _opener.Start<int>(() => throw new IOException("disk gone"));
        var next = _opener.Start(() => "still runs");

        var error = await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal("disk gone", error.Message);
        Assert.Equal("still runs", await next);
    }

    [Fact]
    public async Task The_opening_thread_waits_for_the_next_burst_instead_of_starting_again()
    {
        // Long enough for a loaded machine.
        var opener = StoreOpener.Background(linger: TimeSpan.FromSeconds(30));
        await opener.Start(() => 1);
        Assert.Equal(1, opener.ThreadsStarted);

        // The first opening is done and the queue is empty: the waiting thread, woken, runs the next one.
        Assert.Equal(2, await opener.Start(() => 2));
        Assert.Equal(1, opener.ThreadsStarted);
    }

    [Fact]
    public void The_inline_opener_runs_each_opening_at_once_on_the_caller_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = 0;

        var opening = StoreOpener.Inline.Start(() => ranOn = Environment.CurrentManagedThreadId);
        var outcome = StoreOpener.Inline.Start(() => 42);

        Assert.True(opening.IsCompleted);
        Assert.Equal(caller, ranOn);
        Assert.True(outcome.IsCompleted);
        Assert.Equal(42, StoreOpener.Inline.Wait(outcome));
        Assert.Equal(0, StoreOpener.Inline.ThreadsStarted);
    }
}
