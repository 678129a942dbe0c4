using System.Globalization;
using Aide.Benchmarking;
using Aide.Events;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Publish cost of the event bus with no subscriber, one synchronous subscriber and four asynchronous ones (end to
/// end: every event delivered to all four), each against a <c>lock</c> + <c>List</c> dispatcher in the same run.
/// </summary>
internal static class EventPublishCheck
{
    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var evt = new CacheHit("responses", "hash", CacheTier.Memory, TimeSpan.Zero) { Timestamp = DateTimeOffset.UnixEpoch, Source = "bench" };
        long sink = 0;

        await using var empty = AideEventBus.Create();
        await using var oneSync = AideEventBus.Create();
        await using var fourAsync = new FourSubscriberRun(evt);
        oneSync.Subscribe<CacheHit>(e => sink += e.Latency.Ticks + 1);
        var baselineOne = new LockListDispatcher<CacheHit>();
        baselineOne.Subscribe(e => sink += e.Latency.Ticks + 1);

        var sampler = context.Sampler;
        var none = await sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                empty.Publish(evt);
            }
        });
        var one = await sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                oneSync.Publish(evt);
            }
        });
        var oneBaseline = await sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                baselineOne.Publish(evt);
            }
        });
        var four = await sampler.NanosecondsPerOperationAsync(fourAsync.ThroughBus);
        var fourBaseline = await sampler.NanosecondsPerOperationAsync(fourAsync.ThroughBaseline);

        var passed = none.Median <= 5 && one.Median <= 15 && four.Median <= 150;
        return new BenchCheck(
            "event-publish",
            "Event publish cost",
            "0.000 ms average (event import, cached); a Python dict-of-callbacks dispatch measured 242 ns",
            "no subscriber ≤ 5 ns; 1 sync ≤ 15 ns; 4 async ≤ 150 ns end to end",
            string.Create(CultureInfo.InvariantCulture, $"{none.Median:0.0} / {one.Median:0.0} / {four.Median:0} ns (lock+List: {oneBaseline.Median:0.0} / {fourBaseline.Median:0} ns)"),
            passed,
            Spread.Of(none, one, four),
            [BenchChart.Bars("Event publish cost per event", "ns", ["no subscriber", "1 sync", "4 async", "1 sync (lock+List)", "4 inline (lock+List)"], [none.Median, one.Median, four.Median, oneBaseline.Median, fourBaseline.Median])],
            "4 async: a batch is published, then the run waits until all four subscribers have every event; the lock+List baseline calls its four handlers inline.");
    }
}
