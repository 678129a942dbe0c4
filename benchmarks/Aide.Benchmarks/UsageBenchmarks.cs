using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Events;
using Aide.Usage;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 35's targets: the accounting of one turn (price lookup, record, event, budget count: ≤ 20 µs), and a usage
/// report over 100,000 recorded turns (≤ 200 ms for the whole <c>aide usage</c>; here the store's query alone). Also
/// what the usage row adds to a durable answer append, which it rides in (no fsync of its own).
/// </summary>
[MemoryDiagnoser]
public class UsageBenchmarks
{
    private static readonly UsageDetails Reported = new() { InputTokenCount = 1200, OutputTokenCount = 300, CachedInputTokenCount = 400 };
    private readonly IEventBus _bus = AideEventBus.Create();
    private UsageMeter _meter = null!;
    private string _directory = null!;
    private SqliteConversationStore _store = null!;
    private string _conversationId = null!;
    private UsageRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bus.Subscribe<UsageRecorded>(_ => { });
        _meter = new UsageMeter(PriceTable.Default, ledger: null, _bus) { Budgets = _ => new UsageBudget(1_000_000m, BudgetPeriod.Month) };
        _meter.CheckBudgetAsync(null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _directory = Directory.CreateTempSubdirectory("aide-bench-usage-").FullName;
        var path = Path.Combine(_directory, "conversations.db");
        _store = SqliteConversationStore.Open(path);
        _conversationId = _store.GetOrCreateAsync("bench", "gpt-4o-mini").GetAwaiter().GetResult().Conversation.Id;
        _record = _meter.Measure("openai", "gpt-4o-mini-2024-07-18", Reported, false, null, [], "answer", null);
        UsageLedgerFile.Fill(_store, path, 100_000, TimeProvider.System.GetUtcNow()).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>What the runner adds per answer: price the usage, make the record, publish UsageRecorded, count it against the budget.</summary>
    [Benchmark]
    public UsageRecord AccountOneTurn()
    {
        var record = _meter.Measure("openai", "gpt-4o-mini-2024-07-18", Reported, false, null, [], "answer", null);
        _meter.Recorded(record, saved: true);
        return record;
    }

    /// <summary>The store's report over 100,000 recorded turns, grouped by model.</summary>
    [Benchmark]
    public Task<UsageReport> ReportOver100kTurns() => _store.ReportAsync(new UsageQuery { By = UsageGrouping.Model });

    /// <summary>The store's report over 100,000 recorded turns, grouped by conversation (names joined after grouping).</summary>
    [Benchmark]
    public Task<UsageReport> ReportBySessionOver100kTurns() => _store.ReportAsync(new UsageQuery { By = UsageGrouping.Session });

    /// <summary>A durable answer append without a usage row (the baseline of the next).</summary>
    [Benchmark(Baseline = true)]
    public Task<AppendResult> AppendAnswer() => _store.AppendAsync(_conversationId, new MessageDraft("assistant", "an answer of a few words", 6));

    /// <summary>The same append with its usage row, in the same transaction.</summary>
    [Benchmark]
    public Task<AppendResult> AppendAnswerWithUsage() => _store.AppendAsync(_conversationId, new MessageDraft("assistant", "an answer of a few words", 6) { Usage = _record });
}
