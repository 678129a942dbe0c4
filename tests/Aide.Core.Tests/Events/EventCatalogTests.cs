using Aide.Chat;
using Aide.Configuration;
using Aide.Core.Tests.Health;
using Aide.Events;
using Aide.Health;
using Aide.Health.Recovery;
using Aide.Health.Thresholds;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

/// <summary>Every event type is defined, serializable, and either published by its owner or reserved for the issue that brings it.</summary>
public sealed class EventCatalogTests
{
    private static readonly Type[] Defined = [.. typeof(AideEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AideEvent)) && !t.IsAbstract)];

    [Fact]
    public void Catalog_lists_every_concrete_event_type_and_each_is_sealed()
    {
        Assert.Equal(Defined.Select(t => t.Name).Order(), EventCatalog.All.Select(t => t.Name).Order());
        Assert.All(Defined, t => Assert.True(t.IsSealed, $"{t.Name} should be sealed"));
    }

    [Fact]
    public void Every_design_report_event_exists()
    {
        string[] report =
        [
            "ContextUpdated", "ContextWindowChanged", "ContextEntityDetected", "ContextEntityRemoved", "ContextRestored", "ContextCleared",
            "HealthThresholdExceeded", "AutoRecoveryStarted", "AutoRecoveryCompleted", "HealthPredictionAlert", "CircuitBreakerStateChanged",
            "CacheHit", "CacheMiss", "CacheEviction", "CacheExpired", "CacheCleared", "CacheWarmed", "CacheInvalidated",
            "ChatRequestStarted", "ChatResponseCompleted", "ChatRequestFailed", "ProviderFailover",
        ];

        Assert.All(report, name => Assert.NotNull(EventCatalog.Find(name)));
    }

    [Fact]
    public void Every_event_type_has_generated_json_named_after_it()
    {
        foreach (var type in Defined)
        {
            Assert.True(AideEventJson.TryRead(System.Text.Encoding.UTF8.GetBytes($$"""{"type":"{{type.Name}}","timestamp":"2026-01-02T03:04:05+00:00","source":"t"}"""), out var evt), type.Name);
            Assert.IsType(type, evt);
        }
    }

    [Fact]
    public void Json_without_a_required_property_or_with_a_wrong_value_is_not_an_event()
    {
        Assert.False(AideEventJson.TryRead("""{"type":"CacheMiss","cache":"c","keyHash":"k","latency":"00:00:00"}"""u8, out _)); // no timestamp, no source
        Assert.False(AideEventJson.TryRead("""{"type":"CacheMiss","timestamp":"now","source":"t"}"""u8, out _));
        Assert.False(AideEventJson.TryRead("""{"type":"CacheHit","tier":"Attic","timestamp":"2026-01-02T03:04:05+00:00","source":"t"}"""u8, out _));
        Assert.False(AideEventJson.TryRead("""{"type":"NoSuchEvent","timestamp":"2026-01-02T03:04:05+00:00","source":"t"}"""u8, out _));
        Assert.False(AideEventJson.TryRead("""[1,2]"""u8, out _));
        Assert.True(AideEventJson.TryRead("""{"source":"t","extra":{"deep":[1,{"x":2}]},"timestamp":"2026-01-02T03:04:05+00:00","tier":"disk","type":"CacheHit"}"""u8, out var hit));
        Assert.Equal(CacheTier.Disk, Assert.IsType<CacheHit>(hit).Tier);
    }

    [Fact]
    public async Task Each_event_is_published_by_its_owner_or_reserved_for_its_issue()
    {
        var published = await PublishedByChatPipeline();
        published.UnionWith(await PublishedByConversationSession());
        published.UnionWith(await PublishedByResponseCache());
        published.UnionWith(await PublishedByHealthMonitor());
        published.UnionWith(await PublishedByUsageMeter());
        published.UnionWith(await PublishedByToolGuard());

        var unaccounted = Defined.Where(t => !published.Contains(t) && !EventCatalog.Reserved.ContainsKey(t)).Select(t => t.Name);
        var stale = EventCatalog.Reserved.Keys.Where(published.Contains).Select(t => t.Name);
        Assert.Empty(unaccounted);
        Assert.Empty(stale);

        // The journal writes each event through its own type; the bytes must be what the polymorphic contract gives.
        foreach (var sample in Samples.Values)
        {
            Assert.Equal(
                ReferenceEventJson.Serialize(sample),
                System.Text.Encoding.UTF8.GetString(Aide.Events.Journal.EventJournal.Serialize(sample)));
        }
    }

    /// <summary>One published instance of each event type, for the journal format check.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, AideEvent> Samples = new();

    private static void Keep(IEnumerable<AideEvent> events)
    {
        foreach (var e in events)
        {
            Samples.TryAdd(e.GetType(), e);
        }
    }

    /// <summary>Drives a real response cache through a miss, hits on both tiers, expiry, eviction, invalidation, clear and an import.</summary>
    private static async Task<HashSet<Type>> PublishedByResponseCache()
    {
        using var fixture = new Caching.CacheFixture();
        var cache = fixture.Open(memoryEntries: 1);
        var options = new Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
        cache.Get("a");
        cache.Set("a", [1], options);
        cache.Set("b", [2], options);
        cache.Get("a");
        cache.Get("a");
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        cache.Get("a");
        cache.Invalidate("b");
        using var export = new MemoryStream();
        cache.Set("c", [3], new Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions());
        await cache.ExportAsync(export, TestContext.Current.CancellationToken);
        export.Position = 0;
        await cache.ImportAsync(export, isValid: null, TestContext.Current.CancellationToken);
        cache.Clear();
        Keep(fixture.Events);
        return [.. fixture.Events.Select(e => e.GetType())];
    }

    /// <summary>Drives a usage meter through a priced turn, the 80 % warning and a refusal.</summary>
    /// <summary>Drives the tool guard: a read-only call, a failing call, and a call refused for want of approval.</summary>
    private static async Task<HashSet<Type>> PublishedByToolGuard()
    {
        var events = new List<AideEvent>();
        await using var bus = AideEventBus.Create();
        bus.Subscribe<AideEvent>(e =>
        {
            lock (events)
            {
                events.Add(e);
            }
        });
        var guard = new Aide.Tools.ToolGuard(new Aide.Tools.ToolGuardOptions { Events = bus });
        var ct = TestContext.Current.CancellationToken;
        await guard.Guard(Microsoft.Extensions.AI.AIFunctionFactory.Create(() => "ok", "read"), "builtin", readOnly: true).InvokeAsync(new(), ct);
        await guard.Guard(Microsoft.Extensions.AI.AIFunctionFactory.Create((Func<string>)(() => throw new IOException("gone")), "broken"), "builtin", readOnly: true).InvokeAsync(new(), ct);
        await guard.Guard(Microsoft.Extensions.AI.AIFunctionFactory.Create(() => "written", "write"), "files", readOnly: false).InvokeAsync(new(), ct);
        Keep(events);
        return [.. events.Select(e => e.GetType())];
    }

    private static async Task<HashSet<Type>> PublishedByUsageMeter()
    {
        await using var fixture = new Conversations.StoreFixture();
        var prices = Aide.Usage.PriceTable.WithOverrides([new Aide.Usage.ModelPrice("m", 1000m, 1000m)]);
        await using var meter = new Aide.Usage.UsageMeter(prices, fixture.Store, fixture.Bus, fixture.Time) { Budgets = _ => new Aide.Usage.UsageBudget(0.01m, Aide.Usage.BudgetPeriod.Day) };
        var model = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, "a")) { ModelId = "m", Usage = new() { InputTokenCount = 5, OutputTokenCount = 4 } }),
        };
        var runner = new Aide.Turns.ChatTurnRunner(model, fixture.Time) { Meter = meter };
        var request = new Aide.Turns.ChatTurnRequest { Messages = [new(Microsoft.Extensions.AI.ChatRole.User, "q")], Streamed = false };
        await runner.RunAsync(request, TestContext.Current.CancellationToken); // 90 %
        await Assert.ThrowsAsync<Aide.Usage.BudgetExceededException>(async () =>
        {
            await runner.RunAsync(request, TestContext.Current.CancellationToken); // 180 %
            await runner.RunAsync(request, TestContext.Current.CancellationToken);
        });
        await fixture.Bus.DisposeAsync();
        Keep(fixture.Events);
        return [.. fixture.Events.Select(e => e.GetType())];
    }

    /// <summary>Drives a real conversation session through open, resume, a turn, a tight window, a removal and a clear.</summary>
    private static async Task<HashSet<Type>> PublishedByConversationSession()
    {
        await using var fixture = new Conversations.StoreFixture();
        var session = await fixture.OpenAsync("catalog", fixture.Options(contextTokens: 120, replyTokens: 20));
        for (var i = 0; i < 6; i++)
        {
            await session.AppendAsync(Microsoft.Extensions.AI.ChatRole.User, $"see https://example.com/{i} " + string.Join(' ', Enumerable.Repeat("word", 20)), cancellationToken: TestContext.Current.CancellationToken);
        }

        await fixture.OpenAsync("catalog");
        await session.BuildWindowAsync(null, null, TestContext.Current.CancellationToken);
        await session.RemoveMessageAsync(1, TestContext.Current.CancellationToken);
        await session.ClearAsync(TestContext.Current.CancellationToken);
        await fixture.Bus.DisposeAsync();
        Keep(fixture.Events);
        return [.. fixture.Events.Select(e => e.GetType())];
    }

    /// <summary>
    /// Drives the real chat pipeline over two providers: the first always fails (failover, then its breaker opens),
    /// the second answers once and then fails too (a failed request).
    /// </summary>
    private static async Task<HashSet<Type>> PublishedByChatPipeline()
    {
        await using var bus = AideEventBus.Create();
        var seen = new HashSet<Type>();
        using var subscription = bus.Subscribe<AideEvent>(e =>
        {
            seen.Add(e.GetType());
            Keep([e]);
        });
        var calls = 0;
        var failing = new TestChatClient { GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("down") { Kind = ChatErrorKind.ServerError } };
        var second = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => ++calls == 1
                ? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")))
                : throw new AideChatException("boom") { Kind = ChatErrorKind.ServerError },
        };
        ProviderSettings[] providers = [new(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "m"), new(ProviderKind.OpenAI, "http://127.0.0.1:2/v1", "m")];
        var services = new TestServices(bus);
        using var client = AideChatClientFactory.Build(providers, p => p == providers[0] ? failing : second, new ProviderOptions { Providers = [.. providers] }, new ResilienceOptions { Retries = 1, RetryBaseDelay = TimeSpan.Zero }, services);

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        return seen;
    }

    /// <summary>Drives a real health monitor: a rising metric (prediction, then threshold) and an unhealthy component that a repair fixes.</summary>
    private static async Task<HashSet<Type>> PublishedByHealthMonitor()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        await using var bus = AideEventBus.Create(timeProvider: time);
        var seen = new HashSet<Type>();
        using var subscription = bus.Subscribe<AideEvent>(e =>
        {
            lock (seen)
            {
                seen.Add(e.GetType());
                Keep([e]);
            }
        });
        var rising = new ScriptedCheck().Values("latency_ms", [.. Enumerable.Range(0, 40).Select(i => 100.0 + (i * 10))]);
        var store = new ScriptedCheck().Then(HealthStatus.Unhealthy).Then(HealthStatus.Healthy);
        await using var monitor = new HealthMonitor(
            [
                new HealthCheckEntry("provider", rising, HealthPriority.Critical) { Thresholds = [new MetricThreshold("latency_ms", 400, 1_000) { ConsecutiveBreaches = 1 }] },
                new HealthCheckEntry("store", store, HealthPriority.Background) { Recovery = [RecoveryStrategy.From("reindex", _ => default)] },
            ],
            bus: bus,
            timeProvider: time);
        for (var i = 0; i < 40; i++)
        {
            await monitor.CheckAllAsync(TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        bool Repaired()
        {
            lock (seen)
            {
                return seen.Contains(typeof(AutoRecoveryCompleted));
            }
        }

        for (var i = 0; i < 1_000 && !Repaired(); i++)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken); // the repair runs on the thread pool
        }

        lock (seen)
        {
            return [.. seen];
        }
    }
}
