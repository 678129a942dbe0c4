using System.Globalization;
using Aide.Benchmarking;
using Aide.Caching;
using Aide.Chat;
using Aide.Cli.Chat;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Conversations.Window;
using Aide.Events;
using Aide.Health;
using Aide.Health.Recovery;
using Aide.Health.Thresholds;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Every event type is defined and actually published: drives the real components (response cache, conversation
/// session, chat pipeline with failover, health monitor) through a short scenario on one bus and lists the event
/// types that arrived against <see cref="EventCatalog.All"/>.
/// </summary>
internal static class EventCoverageCheck
{
    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var clock = new ManualClock();
        var seen = new HashSet<Type>();
        var repaired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var bus = AideEventBus.Create())
        {
            using var subscription = bus.Subscribe<AideEvent>(e =>
            {
                lock (seen)
                {
                    seen.Add(e.GetType());
                }

                if (e is AutoRecoveryCompleted)
                {
                    repaired.TrySetResult();
                }
            });

            await CacheScenarioAsync(context, bus, clock);
            await ConversationScenarioAsync(context, bus, clock);
            await ChatScenarioAsync(bus, context.CancellationToken);
            await HealthScenarioAsync(bus, clock, context.CancellationToken);
            await UsageScenarioAsync(bus, clock, context.CancellationToken);
            await ToolScenarioAsync(bus, context.CancellationToken);
            await repaired.Task.WaitAsync(TimeSpan.FromSeconds(10), context.CancellationToken);
        }

        var missing = EventCatalog.All.Where(t => !seen.Contains(t)).Select(t => t.Name).ToArray();
        var byCategory = EventCatalog.All.GroupBy(Category).ToArray();
        return new BenchCheck(
            "events",
            "Every event type defined and published",
            "context, health and cache events added (import errors fixed)",
            "every event type in the catalog published by its component",
            string.Create(CultureInfo.InvariantCulture, $"{EventCatalog.All.Count - missing.Length} of {EventCatalog.All.Count} published") + (missing.Length > 0 ? "; missing: " + string.Join(", ", missing) : string.Empty),
            missing.Length == 0,
            "– (a yes/no check)",
            [BenchChart.Bars("Event types published, by category", "types", [.. byCategory.Select(g => g.Key)], [.. byCategory.Select(g => (double)g.Count(seen.Contains))])]);
    }

    private static string Category(Type type) => type.Name switch
    {
        var n when n.StartsWith("Context", StringComparison.Ordinal) => "context",
        var n when n.StartsWith("Cache", StringComparison.Ordinal) => "cache",
        var n when n.StartsWith("Chat", StringComparison.Ordinal) || n == nameof(ProviderFailover) => "chat",
        var n when n.StartsWith("Tool", StringComparison.Ordinal) => "tools",
        var n when n.StartsWith("Usage", StringComparison.Ordinal) || n.StartsWith("Budget", StringComparison.Ordinal) => "usage",
        _ => "health",
    };

    /// <summary>A miss, hits, an eviction (one memory entry), an expiry, an invalidation, an export + import (warming) and a clear.</summary>
    private static async Task CacheScenarioAsync(BenchContext context, IEventBus bus, ManualClock clock)
    {
        using var cache = ResponseCache.Create(new ResponseCacheOptions { Directory = context.NewFolder("events-cache"), MemoryMaxEntries = 1 }, bus, clock);
        var expiring = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
        cache.Get("a");
        cache.Set("a", [1], expiring);
        cache.Set("b", [2], expiring);
        cache.Get("a");
        cache.Get("a");
        clock.Advance(TimeSpan.FromMinutes(2));
        cache.Get("a");
        cache.Invalidate("b");
        cache.Set("c", [3], new DistributedCacheEntryOptions());
        using var export = new MemoryStream();
        await cache.ExportAsync(export, context.CancellationToken);
        export.Position = 0;
        await cache.ImportAsync(export, isValid: null, context.CancellationToken);
        cache.Clear();
    }

    /// <summary>Turns that overflow a small window, a resume, a removal and a clear, with entity-bearing text.</summary>
    private static async Task ConversationScenarioAsync(BenchContext context, IEventBus bus, ManualClock clock)
    {
        await using var store = SqliteConversationStore.Open(Path.Combine(context.NewFolder("events-store"), "conversations.db"), timeProvider: clock);
        var options = new ConversationSessionOptions
        {
            Model = "gpt-4o",
            Window = new ContextWindowOptions { ContextTokens = 120, ReplyTokens = 20 },
            EventBus = bus,
            TimeProvider = clock,
        };
        var session = await ConversationSession.OpenAsync(store, "events", options, context.CancellationToken);
        for (var i = 0; i < 6; i++)
        {
            await session.AppendAsync(ChatRole.User, ChatSamples.Sentence(i), cancellationToken: context.CancellationToken);
        }

        await ConversationSession.OpenAsync(store, "events", options, context.CancellationToken);
        await session.BuildWindowAsync(null, null, context.CancellationToken);
        await session.RemoveMessageAsync(1, context.CancellationToken);
        await session.ClearAsync(context.CancellationToken);
    }

    /// <summary>Two loopback providers: the first always fails (failover, then its breaker opens); the second answers, then fails too.</summary>
    private static async Task ChatScenarioAsync(IEventBus bus, CancellationToken cancellationToken)
    {
        using var failing = new LoopbackChatClient { Failing = true };
        using var second = new LoopbackChatClient();
        ProviderSettings[] providers = [new(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "m"), new(ProviderKind.OpenAI, "http://127.0.0.1:2/v1", "m")];
        var services = new PipelineServices(bus, null, new ProviderCircuits(bus: bus), InProcessProvider.Registry(p => p == providers[0] ? failing : second));
        using var client = AideChatClientFactory.Create(new ProviderOptions { Providers = providers }, new ResilienceOptions { Retries = 1, RetryBaseDelay = TimeSpan.Zero }, services);
        await client.GetResponseAsync("hi", cancellationToken: cancellationToken);
        second.Failing = true;
        try
        {
            await client.GetResponseAsync("hi", cancellationToken: cancellationToken);
        }
        catch (AideChatException)
        {
            // Expected: both providers fail, which is what publishes ChatRequestFailed.
        }
    }

    /// <summary>Priced answers (their usage estimated: the loopback model reports none) until a budget warns, then refuses.</summary>
    /// <summary>A read-only tool that answers, one that fails, and one that may write with nobody to approve it.</summary>
    private static async Task ToolScenarioAsync(IEventBus bus, CancellationToken cancellationToken)
    {
        var guard = new Aide.Tools.ToolGuard(new Aide.Tools.ToolGuardOptions { Events = bus });
        var read = guard.Guard(Microsoft.Extensions.AI.AIFunctionFactory.Create(() => "ok", "read"), Aide.Tools.ToolGuard.BuiltInServer, readOnly: true);
        var write = guard.Guard(Microsoft.Extensions.AI.AIFunctionFactory.Create(() => "written", "write"), Aide.Tools.ToolGuard.BuiltInServer, readOnly: false);
        await read.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments(), cancellationToken);
        await write.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments(), cancellationToken);
    }

    private static async Task UsageScenarioAsync(IEventBus bus, ManualClock clock, CancellationToken cancellationToken)
    {
        using var model = new LoopbackChatClient();
        var prices = Usage.PriceTable.WithOverrides([new Usage.ModelPrice("m", 1000m, 1000m)]);
        await using var meter = new Usage.UsageMeter(prices, ledger: null, bus, clock) { Budgets = _ => new Usage.UsageBudget(0.05m, Usage.BudgetPeriod.Day) };
        var runner = new Turns.ChatTurnRunner(model, clock) { Meter = meter };
        var request = new Turns.ChatTurnRequest { Messages = [new(ChatRole.User, "hi")], Options = new ChatOptions { ModelId = "m" }, Streamed = false };
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await runner.RunAsync(request, cancellationToken);
            }
        }
        catch (Usage.BudgetExceededException)
        {
            // Expected: the budget is spent, which is what publishes BudgetExceeded.
        }
    }

    /// <summary>A rising latency (a prediction, then a threshold breach) and an unhealthy component that a repair fixes.</summary>
    private static async Task HealthScenarioAsync(IEventBus bus, ManualClock clock, CancellationToken cancellationToken)
    {
        var latency = 100.0;
        var storeHealthy = false;
        await using var monitor = new HealthMonitor(
            [
                new HealthCheckEntry("provider", new DelegateCheck(() => Metric("latency_ms", latency += 10)), HealthPriority.Critical)
                {
                    Thresholds = [new MetricThreshold("latency_ms", 400, 1_000) { ConsecutiveBreaches = 1 }],
                },
                new HealthCheckEntry("store", new DelegateCheck(() => storeHealthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("locked")), HealthPriority.Background)
                {
                    Recovery = [RecoveryStrategy.From("reopen", _ =>
                    {
                        storeHealthy = true;
                        return default;
                    })],
                },
            ],
            bus: bus,
            timeProvider: clock);
        for (var i = 0; i < 40; i++)
        {
            await monitor.CheckAllAsync(cancellationToken);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    private static HealthCheckResult Metric(string name, double value) =>
        HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"), new Dictionary<string, object> { [name] = value });

    private sealed class DelegateCheck(Func<HealthCheckResult> check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(check());
    }
}
