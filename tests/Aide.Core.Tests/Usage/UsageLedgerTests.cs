using Aide.Core.Tests.Conversations;
using Aide.Usage;

namespace Aide.Core.Tests.Usage;

/// <summary>The SQLite store as usage ledger: reports grouped every way, over a span, in one currency.</summary>
public sealed class UsageLedgerTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => _fixture.Time.GetUtcNow(); // 2026-11-27 09:00 UTC

    public async ValueTask InitializeAsync()
    {
        // Two conversations' answers (one conversation later deleted) and the gateway's stateless requests.
        var kept = await _fixture.OpenAsync("kept");
        var gone = await _fixture.OpenAsync("gone");
        await Answer(kept, Record("openai", "gpt-4o", null, 100, 10, cost: 1_000));
        await Answer(kept, Record("openai", "gpt-4o", null, 100, 10, cost: 0, saved: 1_000, cached: true));
        await Answer(gone, Record("local", "qwen2.5", null, 50, 5, cost: 0, currency: null));
        await _fixture.Store.DeleteAsync("gone", Ct);
        await _fixture.Store.RecordAsync(
        [
            Record("openai", "gpt-4o-mini", "team", 200, 20, cost: 300) with { At = Now.AddDays(-1) },
            Record("openai", "gpt-4o-mini", "team", 200, 20, cost: 300, estimated: true) with { At = Now.AddDays(-10) },
            Record("openai", "mistral-large", "ops", 10, 1, cost: 5_000, currency: "EUR"),
        ], Ct);
    }

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private UsageRecord Record(string provider, string model, string? caller, long input, long output, long cost, long saved = 0, bool cached = false, bool estimated = false, string? currency = "USD") => new()
    {
        At = Now, Provider = provider, Model = model, Caller = caller, InputTokens = input, OutputTokens = output,
        CostNanos = cost, SavedNanos = saved, FromCache = cached, Estimated = estimated, Currency = currency,
    };

    private static async Task Answer(Aide.Conversations.ConversationSession session, UsageRecord record)
    {
        var turn = await session.BeginTurnAsync("question", null, null, Ct);
        await session.CompleteTurnWithUsageAsync(turn, "answer", null, record, Ct);
    }

    private Task<UsageReport> Report(UsageGrouping by, TimeSpan? since = null, string currency = "USD", TimeSpan offset = default) =>
        _fixture.Store.ReportAsync(new UsageQuery { By = by, Since = since is { } s ? Now - s : null, Currency = currency, UtcOffset = offset }, Ct);

    private static Dictionary<string, (long Requests, long Cost)> Rows(UsageReport report) => report.Groups.ToDictionary(g => g.Name, g => (g.Requests, g.CostNanos));

    [Fact]
    public async Task Reports_group_by_model_largest_cost_first_with_totals_and_shares()
    {
        var report = await Report(UsageGrouping.Model);

        Assert.Equal(["gpt-4o", "gpt-4o-mini", "qwen2.5", "mistral-large"], report.Groups.Select(g => g.Name));
        var total = report.Total;
        Assert.Equal((6L, 1L, 1L, 2L, 660L, 66L, 1_600L, 1_000L), (total.Requests, total.CachedRequests, total.EstimatedRequests, total.UnpricedRequests, total.InputTokens, total.OutputTokens, total.CostNanos, total.SavedNanos));
        Assert.Equal(1_000.0 / 1_600, report.ShareOf(report.Groups[0]), 6);
        Assert.True(report.SharesOfCost);
        Assert.Equal(1, report.Groups.Sum(report.ShareOf), 6);
    }

    [Fact]
    public async Task Reports_group_by_provider_session_key_and_day()
    {
        Assert.Equal(new Dictionary<string, (long, long)> { ["openai"] = (5, 1_600), ["local"] = (1, 0) }, Rows(await Report(UsageGrouping.Provider)));
        Assert.Equal(
            new Dictionary<string, (long, long)> { ["kept"] = (2, 1_000), ["(no session)"] = (3, 600), [Rows(await Report(UsageGrouping.Session)).Keys.Single(k => k.StartsWith("(deleted", StringComparison.Ordinal))] = (1, 0) },
            Rows(await Report(UsageGrouping.Session)));
        Assert.Equal(new Dictionary<string, (long, long)> { ["(no key)"] = (3, 1_000), ["team"] = (2, 600), ["ops"] = (1, 0) }, Rows(await Report(UsageGrouping.Key)));

        // Days in the caller's time zone, oldest first: 09:00 UTC is the next day at UTC+16.
        Assert.Equal(["2026-11-17", "2026-11-26", "2026-11-27"], (await Report(UsageGrouping.Day)).Groups.Select(g => g.Name));
        Assert.Equal(["2026-11-18", "2026-11-27", "2026-11-28"], (await Report(UsageGrouping.Day, offset: TimeSpan.FromHours(16))).Groups.Select(g => g.Name));
    }

    [Fact]
    public async Task A_span_and_a_currency_narrow_the_report()
    {
        Assert.Equal(5, (await Report(UsageGrouping.Model, since: TimeSpan.FromDays(7))).Total.Requests);

        var euros = await Report(UsageGrouping.Model, currency: "EUR");
        Assert.Equal(5_000, euros.Total.CostNanos);
        Assert.Equal(5, euros.Total.UnpricedRequests); // priced in dollars (or not at all): not summed as euros

        Assert.Equal(1_000, await _fixture.Store.SpentNanosAsync(null, "USD", Now.AddHours(-1), Ct)); // the owner's, this hour
        Assert.Equal(300, await _fixture.Store.SpentNanosAsync("team", "USD", Now.AddDays(-7), Ct));
        Assert.Equal(0, await _fixture.Store.SpentNanosAsync("ops", "USD", Now.AddDays(-7), Ct));
    }

    [Fact]
    public async Task One_conversations_totals()
    {
        var kept = await _fixture.Store.FindAsync("kept", Ct);
        var report = await _fixture.Store.ReportAsync(new UsageQuery { ConversationId = kept!.Id, By = UsageGrouping.Session }, Ct);
        Assert.Equal((2L, 1_000L, 1_000L), (report.Total.Requests, report.Total.CostNanos, report.Total.SavedNanos));
    }

    [Fact]
    public async Task An_empty_ledger_reports_zeros()
    {
        await using var empty = new StoreFixture();
        var report = await empty.Store.ReportAsync(new UsageQuery(), Ct);
        Assert.Empty(report.Groups);
        Assert.Equal((0L, 0.0), (report.Total.Requests, report.ShareOf(report.Total)));
    }
}
