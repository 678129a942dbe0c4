using Aide.Storage;

namespace Aide.Core.Tests.Storage;

public sealed class OpeningThreadTests
{
    [Fact]
    public async Task Openings_run_one_after_another_in_the_order_started_off_the_caller_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var order = new List<(int Step, int Thread)>();
        using var release = new ManualResetEventSlim();

        // The first opening blocks until released: the later ones must queue behind it, not overtake it.
        var first = OpeningThread.Start(() =>
        {
            release.Wait(TestContext.Current.CancellationToken);
            lock (order)
            {
                order.Add((1, Environment.CurrentManagedThreadId));
            }
        });
        var second = OpeningThread.Start(() =>
        {
            lock (order)
            {
                order.Add((2, Environment.CurrentManagedThreadId));
            }
        });
        var third = OpeningThread.Start(() => 3);

        Assert.False(third.IsCompleted);
        release.Set();
        OpeningThread.Opening? pending = second;
        OpeningThread.Join(ref pending);
        Assert.Null(pending);
        Assert.Equal(3, await third);
        first.Wait();

        Assert.Equal([1, 2], order.Select(o => o.Step));
        Assert.All(order, o => Assert.NotEqual(caller, o.Thread));
    }

    [Fact]
    public async Task An_opening_that_throws_hands_its_exception_to_whoever_waits_and_later_openings_still_run()
    {
        var failing = OpeningThread.Start<int>(() => throw new IOException("disk gone"));
        var next = OpeningThread.Start(() => "still runs");

        var error = await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal("disk gone", error.Message);
        Assert.Equal("still runs", await next);
    }
}
