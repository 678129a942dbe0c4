using Aide.Events;
using Aide.Events.Journal;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

public sealed class EventJournalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("aide-journal-").FullName, "events");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    [Fact]
    public async Task Events_round_trip_through_the_journal_with_their_types()
    {
        await using (var bus = AideEventBus.Create())
        {
            await using var journal = EventJournal.Attach(bus, _dir);
            bus.Publish(TestEvents.Hit(1));
            bus.Publish(TestEvents.Cleared());
            bus.Publish(TestEvents.Started());
        }

        var events = new EventJournalReader(_dir).ReadAll().ToList();

        Assert.Equal([typeof(CacheHit), typeof(ContextCleared), typeof(ChatRequestStarted)], events.Select(e => e.GetType()));
        Assert.Equal(TestEvents.Hit(1) with { Id = events[0].Id }, events[0]);
        Assert.Equal("s1", events[1].SessionId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "events.jsonl")));
    }

    [Fact]
    public async Task Events_wait_in_memory_for_the_flush_delay_then_are_written_whole_and_in_order()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var bus = AideEventBus.Create();
        using var journal = EventJournal.Attach(bus, _dir, new EventJournalOptions { FlushDelay = TimeSpan.FromMilliseconds(100) }, timeProvider: time);
        var file = Path.Combine(_dir, "events.jsonl");
        // 50 lines stay under the size at which a pool thread writes the buffer early (the next test).
        for (var i = 0; i < 50; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(File.Exists(file));
        time.Advance(TimeSpan.FromMilliseconds(1));

        // Written by the timer, and released: another process can take the file's lock now.
        using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }

        var reader = new EventJournalReader(_dir);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"hash-{i}"), reader.ReadAll().Cast<CacheHit>().Select(e => e.KeyHash));
        Assert.Equal(0, reader.Skipped);

        bus.Publish(TestEvents.Miss());
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.IsType<CacheMiss>(new EventJournalReader(_dir).ReadAll().Last());
    }

    [Fact]
    public async Task A_buffer_past_its_size_bound_is_written_by_a_pool_thread_without_waiting_for_the_delay()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        await using var bus = AideEventBus.Create();
        using var journal = EventJournal.Attach(bus, _dir, new EventJournalOptions { FlushDelay = TimeSpan.FromHours(1) }, timeProvider: time);
        for (var i = 0; i < 500; i++)
        {
            bus.Publish(TestEvents.Hit(i));
        }

        // The clock never moves: only the size bound can write these. Waits for the pool thread, asserts no timing.
        var file = Path.Combine(_dir, "events.jsonl");
        for (var waited = 0; !File.Exists(file) || new EventJournalReader(_dir).ReadAll().Count() < 100; waited++)
        {
            Assert.True(waited < 3000, "nothing written 30 s after the buffer passed its size bound");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var written = new EventJournalReader(_dir).ReadAll().Cast<CacheHit>().Select(e => e.KeyHash).ToList();
        Assert.Equal(Enumerable.Range(0, written.Count).Select(i => $"hash-{i}"), written);
    }

    [Fact]
    public async Task Disposing_the_bus_writes_what_is_buffered_without_waiting_for_the_delay()
    {
        var time = new FakeTimeProvider(TestEvents.Now);
        var bus = AideEventBus.Create();
        using var journal = EventJournal.Attach(bus, _dir, new EventJournalOptions { FlushDelay = TimeSpan.FromHours(1) }, timeProvider: time);
        bus.Publish(TestEvents.Hit(1));
        bus.Publish(TestEvents.Cleared());

        await bus.DisposeAsync();

        Assert.Equal([typeof(CacheHit), typeof(ContextCleared)], new EventJournalReader(_dir).ReadAll().Select(e => e.GetType()));
    }

    [Fact]
    public void Every_event_type_is_written_exactly_as_the_json_contract_reads_it()
    {
        var at = new DateTimeOffset(2026, 11, 27, 9, 30, 15, 123, TimeSpan.FromHours(2));
        var took = TimeSpan.FromMilliseconds(12.3456);
        AideEvent[] samples =
        [
            new ContextUpdated("m1", ContextOperation.Remove, 42) { Timestamp = at, Source = "t" },
            new ContextWindowChanged(900, 400, 12, 5, 7000, "recent-first", 7, 2) { Timestamp = at, Source = "t" },
            new ContextEntityDetected("e1", "url", "https://example.com/ü?a=<b>&c=\"d\"", EntityChange.Updated) { Timestamp = at, Source = "t" },
            new ContextEntityRemoved("e1", "url", "last mention removed") { Timestamp = at, Source = "t" },
            new ContextRestored("store", 10, 3, took) { Timestamp = at, Source = "t" },
            new ContextCleared(4, 2) { Timestamp = at, Source = "t" },
            new HealthThresholdExceeded("openai", "latency_ms", 1234.5, 1000) { Timestamp = at, Source = "t" },
            new AutoRecoveryStarted("openai", "circuit open", ["reset-circuit", "failover"]) { Timestamp = at, Source = "t" },
            new AutoRecoveryCompleted("openai", "failover", true, TimeSpan.FromDays(1.5)) { Timestamp = at, Source = "t" },
            new HealthPredictionAlert("openai", "error_rate", at, 0.875, "breach in 3 min") { Timestamp = at, Source = "t" },
            new CircuitBreakerStateChanged("local", CircuitState.HalfOpen, CircuitState.Isolated, "manual") { Timestamp = at, Source = "t" },
            new CacheHit("responses", "abc", CacheTier.Disk, took) { Timestamp = at, Source = "t" },
            new CacheMiss("responses", "abc", TimeSpan.Zero) { Timestamp = at, Source = "t" },
            new CacheEviction("responses", "abc", EvictionReason.Replaced, 4096) { Timestamp = at, Source = "t" },
            new CacheExpired("responses", "abc", TimeSpan.FromMinutes(61)) { Timestamp = at, Source = "t" },
            new CacheCleared("responses", 3, 12_000) { Timestamp = at, Source = "t" },
            new CacheWarmed("responses", 8, 64_000, took) { Timestamp = at, Source = "t" },
            new CacheInvalidated("responses", InvalidationScope.Namespace, "ns:", 2) { Timestamp = at, Source = "t" },
            new ChatRequestStarted("openai=http://x/v1", "gpt-4o", 3, true) { Timestamp = at, Source = "t" },
            new ChatResponseCompleted("openai=http://x/v1", "gpt-4o", 10, 20, took, TimeSpan.FromMilliseconds(3), true) { Timestamp = at, Source = "t" },
            new ChatResponseCompleted("local=/m.gguf", null, null, null, took, null, false) { Timestamp = at, Source = "t" },
            new ChatRequestFailed("openai=http://x/v1", "gpt-4o", "http", 503, "Service Unavailable", took) { Timestamp = at, Source = "t" },
            new ChatRequestFailed("openai=http://x/v1", null, "timeout", null, "timed out", took) { Timestamp = at, Source = "t" },
            new ProviderFailover("a", "b", "circuit open") { Timestamp = at, Source = "t" },
            new ChatRetrying("openai=http://x/v1 (gpt-4o)", "RateLimited", 429, 1, TimeSpan.FromSeconds(2)) { Timestamp = at, Source = "t" },
            new UsageRecorded("openai", "gpt-4o-mini", 1000, 200, 500, false, false, 0.000435, 0, "USD", 0.125) { Timestamp = at, Source = "t" },
            new UsageRecorded(null, null, 0, 0, 0, true, true, 0, 0.5, null, null) { Timestamp = at, Source = "t" },
            new BudgetWarning("20/month USD", 16.5, 0.825, at) { Timestamp = at, Source = "t" },
            new BudgetExceeded("5/day EUR", 5.01, at.AddDays(1)) { Timestamp = at, Source = "t", CallerId = "team" },
            new CacheHit("responses", "abc", (CacheTier)7, took) { Timestamp = at, Source = "t" },
            new ToolCallStarted("read_file", "builtin", "call_1", null) { Timestamp = at, Source = "t" },
            new ToolCallStarted("append", "files", null, "{\"line\":\"é \\\"q\\\"\"}") { Timestamp = at, Source = "t" },
            new ToolCallCompleted("read_file", "builtin", "call_1", took, "read-only", 17_000, true, null) { Timestamp = at, Source = "t" },
            new ToolCallFailed("shell", "builtin", "call_2", TimeSpan.Zero, "refused", "refused by the user") { Timestamp = at, Source = "t" },
        ];

        Assert.Equal(EventCatalog.All.Count, samples.Select(e => e.GetType()).Distinct().Count());
        foreach (var (sample, i) in samples.Select((e, i) => (e, i)))
        {
            var evt = sample with
            {
                Timestamp = at,
                Source = "test",
                SessionId = i % 2 == 0 ? "session" : null,
                CorrelationId = i % 3 == 0 ? "turn-1" : null,
                Severity = (EventSeverity)(i % 5),
            };
            var expected = ReferenceEventJson.Serialize(evt); // the journal keeps text other than ASCII as itself
            var line = EventJournal.Serialize(evt);
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(line));

            // Read back by the generated reader and by System.Text.Json's own contract, each gives the same event.
            Assert.True(AideEventJson.TryRead(line, out var read));
            Assert.Equal(expected, ReferenceEventJson.Serialize(read));
            Assert.Equal(expected, ReferenceEventJson.Serialize(ReferenceEventJson.Deserialize(line)!));
        }
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_append_is_intact()
    {
        await Write(TestEvents.Hit(1));
        await File.AppendAllTextAsync(Path.Combine(_dir, "events.jsonl"), "{\"type\":\"CacheHit\",\"cache\":\"resp", TestContext.Current.CancellationToken);
        await Write(TestEvents.Hit(2));

        var reader = new EventJournalReader(_dir);
        var events = reader.ReadAll().ToList();

        Assert.Equal(["hash-1", "hash-2"], events.Cast<CacheHit>().Select(e => e.KeyHash));
        Assert.Equal(1, reader.Skipped);
    }

    [Fact]
    public async Task Corrupt_and_foreign_lines_are_skipped_not_fatal()
    {
        await Write(TestEvents.Hit(1));
        await File.AppendAllTextAsync(Path.Combine(_dir, "events.jsonl"), "not json at all\n{\"type\":\"NoSuchEvent\"}\n\n", TestContext.Current.CancellationToken);
        await Write(TestEvents.Miss());

        var reader = new EventJournalReader(_dir);

        Assert.Equal(2, reader.ReadAll().Count());
        Assert.Equal(2, reader.Skipped);
    }

    [Fact]
    public async Task Journal_rotates_by_size_and_keeps_the_configured_number_of_files()
    {
        await using (var bus = AideEventBus.Create())
        {
            await using var journal = EventJournal.Attach(bus, _dir, new EventJournalOptions { MaxFileBytes = 1_000, RotatedFiles = 2 });
            for (var i = 0; i < 40; i++)
            {
                bus.Publish(TestEvents.Hit(i));
            }
        }

        var files = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToArray();
        var keys = new EventJournalReader(_dir, rotatedFiles: 2).ReadAll().Cast<CacheHit>().Select(e => int.Parse(e.KeyHash[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(["events.1.jsonl", "events.2.jsonl", "events.jsonl"], files);
        Assert.All(Directory.GetFiles(_dir), f => Assert.True(new FileInfo(f).Length <= 1_000));
        Assert.Equal(39, keys[^1]);
        Assert.Equal(keys.Order(), keys); // oldest first, no gaps within what is kept
        Assert.Equal(Enumerable.Range(keys[0], keys.Count), keys);
    }

    [Fact]
    public async Task An_unwritable_journal_warns_once_and_events_still_flow()
    {
        var blocked = Path.Combine(Path.GetDirectoryName(_dir)!, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "a file where the journal folder should be", TestContext.Current.CancellationToken);
        var logger = new FakeLogger();
        var delivered = 0;
        EventJournal journal;
        await using (var bus = AideEventBus.Create())
        {
            journal = EventJournal.Attach(bus, Path.Combine(blocked, "events"), loggerFactory: new FakeLoggerFactory(logger));
            using var other = bus.Subscribe<CacheHit>(_ => delivered++);
            for (var i = 0; i < 5; i++)
            {
                bus.Publish(TestEvents.Hit(i));
            }
        }

        Assert.Equal(5, delivered);
        Assert.True(journal.IsDisabled);
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Message.Contains("cannot be written", StringComparison.Ordinal));
        journal.Dispose();
    }

    [Fact]
    public async Task Follow_yields_new_events_across_a_rotation_without_losing_any()
    {
        var options = new EventJournalOptions { MaxFileBytes = 600, RotatedFiles = 3 };
        await Write(TestEvents.Hit(0), options);
        var reader = new EventJournalReader(_dir);
        var start = reader.CurrentEnd();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var seen = new List<string>();
        using var progress = new SemaphoreSlim(0);
        var following = Task.Run(
            async () =>
            {
                await foreach (var e in reader.FollowAsync(start, TimeSpan.FromMilliseconds(20), TimeProvider.System, cts.Token))
                {
                    seen.Add(((CacheHit)e).KeyHash);
                    progress.Release();
                    if (seen.Count == 6)
                    {
                        await cts.CancelAsync();
                    }
                }
            },
            TestContext.Current.CancellationToken);

        for (var i = 1; i <= 6; i++)
        {
            await Write(TestEvents.Hit(i), options); // rotates every few events

            // One event per poll: the follower tracks one rotation between two polls, not two (the writes here take
            // microseconds, and two rotations within one 20 ms poll lost the middle file's events in a CI run).
            Assert.True(await progress.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }

        await following.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(File.Exists(Path.Combine(_dir, "events.1.jsonl")));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"hash-{i}"), seen);
    }

    private async Task Write(AideEvent evt, EventJournalOptions? options = null)
    {
        await using var bus = AideEventBus.Create();
        await using var journal = EventJournal.Attach(bus, _dir, options);
        bus.Publish(evt);
    }
}
