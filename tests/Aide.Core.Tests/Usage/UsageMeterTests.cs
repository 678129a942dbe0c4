using Aide.Chat;
using Aide.Core.Tests.Conversations;
using Aide.Events;
using Aide.Testing;
using Aide.Turns;
using Aide.Usage;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Usage;

public sealed class UsageMeterTests : IAsyncLifetime
{
    // 1,000 prompt tokens (200 from the provider's prompt cache) and 500 out at 0.15 / 0.075 / 0.60 per million:
    // 800 × 0.15 + 200 × 0.075 + 500 × 0.60 = 435 millionths of a dollar.
    private const long TurnNanos = 435_000;

    private static readonly PriceTable Prices = PriceTable.WithOverrides([new ModelPrice("gpt-4o-mini", 0.15m, 0.60m) { CachedInputPerMillion = 0.075m }]);

    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private static UsageDetails Reported => new() { InputTokenCount = 1000, OutputTokenCount = 500, CachedInputTokenCount = 200 };

    private static TestChatClient Model(UsageDetails? usage = null, AdditionalPropertiesDictionary? properties = null, Func<Task>? before = null) => new()
    {
        GetResponseAsyncCallback = async (_, _, _) =>
        {
            if (before is not null)
            {
                await before();
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "the answer")) { ModelId = "gpt-4o-mini", Usage = usage, AdditionalProperties = properties };
        },
        GetStreamingResponseAsyncCallback = (_, _, _) => Stream(usage),
    };

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(UsageDetails? usage)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "the ") { ModelId = "gpt-4o-mini" };
        yield return new ChatResponseUpdate(ChatRole.Assistant, "answer");
        if (usage is not null)
        {
            yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)] };
        }
    }

    private UsageMeter Meter(Func<string?, UsageBudget?>? budgets = null) =>
        new(Prices, _fixture.Store, _fixture.Bus, _fixture.Time) { Budgets = budgets };

    private static ChatTurnRequest Ask(string question = "what is it?", bool streamed = false) => new() { Question = question, Streamed = streamed };

    private static ChatTurnRequest Stateless(bool streamed = false) => new() { Messages = [new ChatMessage(ChatRole.User, "what is it?")], Streamed = streamed };

    private Task<UsageReport> Report(UsageGrouping by = UsageGrouping.Session) => _fixture.Store.ReportAsync(new UsageQuery { By = by }, Ct);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_saved_turn_is_priced_and_its_record_saved_with_the_answer(bool streamed)
    {
        await using var meter = Meter();
        var runner = new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = meter };
        var session = await _fixture.OpenAsync("priced");

        var result = await runner.RunAsync(Ask(streamed: streamed), session, Ct);

        var record = result.UsageRecord!;
        Assert.Equal((1000L, 200L, 500L, false, TurnNanos, "USD"), (record.InputTokens, record.CachedInputTokens, record.OutputTokens, record.Estimated, record.CostNanos, record.Currency));
        Assert.InRange(record.ContextFill!.Value, 0.0001, 0.01); // a short question in a 8k window (less the reply's share)

        // In the ledger at once, with its conversation, though the meter flushed nothing: it rode in the answer's transaction.
        var report = await Report();
        var group = Assert.Single(report.Groups);
        Assert.Equal(("priced", 1L, TurnNanos), (group.Name, group.Requests, group.CostNanos));

        await _fixture.Bus.DisposeAsync();
        var recorded = Assert.Single(_fixture.Events.OfType<UsageRecorded>());
        Assert.Equal((0.000435, 1000L, "USD", "priced"), (recorded.Cost, recorded.InputTokens, recorded.Currency, recorded.SessionId));
        Assert.DoesNotContain("answer", System.Text.Encoding.UTF8.GetString(Aide.Events.Journal.EventJournal.Serialize(recorded)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stateless_turns_record_is_written_in_a_batch_within_a_second()
    {
        await using var meter = Meter();
        var runner = new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = meter };

        await runner.RunAsync(Stateless(), Ct);
        await runner.RunAsync(Stateless(streamed: true), Ct);
        Assert.Equal(0, (await Report()).Total.Requests);

        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntil(() => Report().Result.Total.Requests == 2);
        var group = Assert.Single((await Report()).Groups);
        Assert.Equal(("(no session)", 2 * TurnNanos), (group.Name, group.CostNanos));
    }

    [Fact]
    public async Task A_provider_that_reports_no_usage_is_counted_by_aide_and_marked_estimated()
    {
        await using var meter = Meter();
        var runner = new ChatTurnRunner(Model(usage: null), _fixture.Time) { Meter = meter };
        var session = await _fixture.OpenAsync("estimated");

        var result = await runner.RunAsync(Ask(streamed: true), session, Ct);

        var record = result.UsageRecord!;
        Assert.True(record.Estimated);
        Assert.Equal(result.Window!.TokensUsed, record.InputTokens);
        Assert.Equal(2, record.OutputTokens); // "the answer" in o200k_base
        Assert.Equal((record.InputTokens * 150) + (2 * 600), record.CostNanos); // priced like reported counts
        Assert.Equal(1, (await Report()).Total.EstimatedRequests);
    }

    [Fact]
    public async Task An_estimate_counts_with_the_hosts_counter_so_a_remembered_count_loads_no_tokenizer()
    {
        var asked = new List<string?>();
        await using var meter = new UsageMeter(Prices, _fixture.Store, _fixture.Bus, _fixture.Time)
        {
            TokenCounterFor = model =>
            {
                asked.Add(model);
                return new FixedCounter();
            },
        };
        var runner = new ChatTurnRunner(Model(usage: null), _fixture.Time) { Meter = meter };

        var result = await runner.RunAsync(Ask(streamed: true), await _fixture.OpenAsync("remembered"), Ct);

        Assert.Equal(["gpt-4o-mini"], asked);
        Assert.Equal(7, result.UsageRecord!.OutputTokens);
    }

    private sealed class FixedCounter : Aide.Conversations.Tokens.ITokenCounter
    {
        public string Name => "fixed";

        public bool IsExact => true;

        public int CountTokens(ReadOnlySpan<char> text) => 7;
    }

    [Fact]
    public async Task A_cached_answer_costs_nothing_and_counts_its_price_as_saved()
    {
        await using var meter = Meter();
        var cached = new AdditionalPropertiesDictionary { [ResponseCacheMarker.PropertyName] = true };
        var runner = new ChatTurnRunner(Model(Reported, cached), _fixture.Time) { Meter = meter };

        var record = (await runner.RunAsync(Ask(), await _fixture.OpenAsync("cached"), Ct)).UsageRecord!;

        Assert.Equal((true, 0L, TurnNanos), (record.FromCache, record.CostNanos, record.SavedNanos));
        var total = (await Report()).Total;
        Assert.Equal((1L, 0L, TurnNanos), (total.CachedRequests, total.CostNanos, total.SavedNanos));
    }

    [Fact]
    public async Task A_budget_warns_at_80_percent_once_and_refuses_at_100_until_the_period_rolls_over()
    {
        var budget = new UsageBudget(0.001m, BudgetPeriod.Month); // 1,000,000 nanos: each turn is 43.5 %
        await using var meter = Meter(caller => caller is null ? budget : null);
        var runner = new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = meter };
        var session = await _fixture.OpenAsync("budget");

        await runner.RunAsync(Ask(), session, Ct); // 43.5 %
        await runner.RunAsync(Ask(), session, Ct); // 87 %: the warning
        await runner.RunAsync(Ask(), session, Ct); // admitted at 87 %, ends at 130.5 %
        var before = session.Conversation.MessageCount;
        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => runner.RunAsync(Ask(), session, Ct));

        Assert.Equal(3 * TurnNanos, UsageMoney.ToNanos(refused.Spent));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), refused.ResetsAt);
        Assert.Contains("monthly budget of $0.001", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, session.Conversation.MessageCount); // refused before the question was saved or sent

        // A new process (a new meter on the same store) reads the period's spending: still refused.
        await using (var again = Meter(_ => budget))
        {
            await Assert.ThrowsAsync<BudgetExceededException>(() => new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = again }.RunAsync(Ask(), session, Ct));
        }

        // Raised: admitted again. The next month: admitted with the old budget too.
        budget = new UsageBudget(0.002m, BudgetPeriod.Month);
        await runner.RunAsync(Ask(), session, Ct);
        budget = new UsageBudget(0.001m, BudgetPeriod.Month);
        _fixture.Time.Advance(TimeSpan.FromDays(4)); // 27 Nov → 1 Dec
        await runner.RunAsync(Ask(), session, Ct);

        await _fixture.Bus.DisposeAsync();
        var warnings = _fixture.Events.OfType<BudgetWarning>().ToList();
        Assert.Equal(2, warnings.Count); // November's (once, though three turns were above 80 %), and the raised budget's
        Assert.Equal((EventSeverity.Warning, 0.87), (warnings[0].Severity, Math.Round(warnings[0].Fraction, 2)));
        Assert.Equal(2, _fixture.Events.OfType<BudgetExceeded>().Count());
    }

    [Fact]
    public async Task Concurrent_requests_at_the_budget_edge_overshoot_by_at_most_those_in_flight()
    {
        // 0.0009 of a 0.001 budget spent: eight requests arrive together and all are admitted (each is under when it
        // is checked); once they are answered, the next is refused. The overshoot is what the eight cost, no more.
        await _fixture.Store.RecordAsync([new UsageRecord { At = _fixture.Time.GetUtcNow(), CostNanos = 900_000, Currency = "USD" }], Ct);
        await using var meter = Meter(_ => new UsageBudget(0.001m, BudgetPeriod.Day));
        var gate = new TaskCompletionSource();
        var arrived = 0;
        var runner = new ChatTurnRunner(Model(Reported, before: async () => { Interlocked.Increment(ref arrived); await gate.Task; }), _fixture.Time) { Meter = meter };

        var turns = Enumerable.Range(0, 8).Select(_ => Task.Run(() => runner.RunAsync(Stateless(), Ct), Ct)).ToList();
        await Eventually.WaitUntil(() => Volatile.Read(ref arrived) == 8);
        gate.SetResult();
        await Task.WhenAll(turns);

        var status = (await meter.BudgetStatusAsync(null))!;
        Assert.Equal(900_000 + (8 * TurnNanos), status.SpentNanos); // every answer counted, none lost to a race
        await Assert.ThrowsAsync<BudgetExceededException>(() => runner.RunAsync(Stateless(), Ct));
    }

    [Fact]
    public async Task Counting_is_atomic_under_many_concurrent_turns()
    {
        await using var meter = Meter(_ => new UsageBudget(1000m, BudgetPeriod.Month));
        var runner = new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = meter };

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), Ct, async (_, ct) => await runner.RunAsync(Stateless(), ct));
        await meter.FlushAsync(Ct);

        Assert.Equal(200 * TurnNanos, (await meter.BudgetStatusAsync(null))!.SpentNanos);
        Assert.Equal((200L, 200 * TurnNanos), ((await Report()).Total.Requests, (await Report()).Total.CostNanos));
    }

    [Fact]
    public async Task Each_access_key_has_its_own_budget_apart_from_the_owners()
    {
        await using var meter = Meter(caller => caller == "team" ? new UsageBudget(0.0004m, BudgetPeriod.Day) : null);
        var runner = new ChatTurnRunner(Model(Reported), _fixture.Time) { Meter = meter };

        using (ChatTurnScope.Begin(callerId: "team"))
        {
            await runner.RunAsync(Stateless(), Ct); // 435 of 400 millionths: admitted under, spent over
            var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => runner.RunAsync(Stateless(), Ct));
            Assert.Equal("team", refused.Caller);
            Assert.Contains("key 'team'", refused.Message, StringComparison.Ordinal);
        }

        await runner.RunAsync(Stateless(), Ct); // the owner has no budget
        await meter.FlushAsync(Ct);
        var byKey = (await _fixture.Store.ReportAsync(new UsageQuery { By = UsageGrouping.Key }, Ct)).Groups.ToDictionary(g => g.Name, g => g.Requests);
        Assert.Equal(new Dictionary<string, long> { ["team"] = 1, ["(no key)"] = 1 }, byKey);
    }
}
