using Aide.Conversations;
using Aide.Conversations.Store;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 5's durable append (p99 ≤ 2 ms): one message committed with synchronous=FULL (the WAL fsynced, as
/// <c>aide</c> does), against the same append with synchronous=NORMAL (no fsync) as the baseline. BenchmarkDotNet
/// reports means and P95; the p99 is <c>-- append-latency</c>'s job.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class AppendBenchmarks
{
    private static readonly DetectedEntity[] Entities = [new("url", "https://example.com"), new("path", "src/app.cs")];
    private string _directory = null!;
    private SqliteConversationStore _durable = null!;
    private SqliteConversationStore _normal = null!;
    private string _durableId = null!;
    private string _normalId = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("aide-bench-append-").FullName;
        (_durable, _durableId) = Open("full.db", sync: true);
        (_normal, _normalId) = Open("normal.db", sync: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _durable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _normal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "append, synchronous=NORMAL (no fsync)")]
    public Task<AppendResult> AppendNormal() => _normal.AppendAsync(_normalId, Draft());

    [Benchmark(Description = "durable append, synchronous=FULL (aide's default)")]
    public Task<AppendResult> AppendDurable() => _durable.AppendAsync(_durableId, Draft());

    private static MessageDraft Draft() => new("user", "a message about https://example.com and src/app.cs, a few sentences long like a chat turn.", 24, Entities);

    private (SqliteConversationStore Store, string Id) Open(string file, bool sync)
    {
        var store = SqliteConversationStore.Open(Path.Combine(_directory, file), new SqliteConversationStoreOptions { SyncEveryCommit = sync });
        var (conversation, _) = store.GetOrCreateAsync("bench", "gpt-4o").GetAwaiter().GetResult();
        return (store, conversation.Id);
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P95, StatisticColumn.Max);
    }
}
