using System.Buffers;
using System.Text.Json;
using Aide.Benchmarking;
using Aide.Conversations;
using Aide.Conversations.Export;
using Aide.Conversations.Store;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 5's targets: snapshot round trip of a 1,000-message conversation (reflection JSON is the baseline), token
/// counting throughput (baseline: UTF-8 encoding the same text), and resuming a 10,000-message conversation (open +
/// build the window; baseline: reading the same rows with a bare SQLite query).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConversationBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionJson = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1 << 20);
    private Utf8JsonWriter _jsonWriter = null!;
    private ConversationDocument _document = null!;
    private string _chatText = null!;
    private ITokenCounter _counter = null!;
    private string _proseMegabyte = null!;
    private readonly string _runMegabyte = new('A', 1 << 20);
    private readonly string _base64Megabyte = Convert.ToBase64String(new byte[(1 << 20) / 4 * 3]);
    private string _directory = null!;
    private string _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UnixEpoch;
        var messages = Enumerable.Range(1, 1000).Select(i => new StoredMessage(
            $"{i:x12}", i, i % 2 == 0 ? "assistant" : "user", ChatSamples.Sentence(i), 40, now.AddSeconds(i), Metadata: i % 2 == 0 ? new Dictionary<string, string> { ["model"] = "gpt-4o", ["outputTokens"] = "40" } : null)).ToList();
        _document = new ConversationDocument(ConversationDocument.FormatName, 1, now, new ConversationInfo("c", "bench", "title", "gpt-4o", now, now, 1000, 40_000), messages, []);
        _chatText = string.Join('\n', messages.Select(m => m.Content));
        _proseMegabyte = string.Concat(Enumerable.Repeat(_chatText + "\n", (1 << 20) / _chatText.Length + 1))[..(1 << 20)];
        _counter = TokenCounters.ForModel("gpt-4o");
        _counter.CountTokens("warm up");
        _jsonWriter = new Utf8JsonWriter(_jsonBuffer);
    }

    /// <summary>Only the resume benchmarks pay for writing 10,000 durable messages.</summary>
    [GlobalSetup(Targets = [nameof(Resume), nameof(RawRead)])]
    public void ResumeSetup()
    {
        _directory = Directory.CreateTempSubdirectory("aide-bench-").FullName;
        _database = Path.Combine(_directory, "conversations.db");
        var store = SqliteConversationStore.Open(_database);
        var (conversation, _) = store.GetOrCreateAsync("long", "gpt-4o").GetAwaiter().GetResult();
        for (var i = 1; i <= 10_000; i++)
        {
            store.AppendAsync(conversation.Id, new MessageDraft(i % 2 == 0 ? "assistant" : "user", ChatSamples.Sentence(i), 40)).GetAwaiter().GetResult();
        }

        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _jsonWriter?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "snapshot 1,000 msgs: STJ reflection")]
    [BenchmarkCategory("Snapshot")]
    public int ReflectionJsonRoundTrip()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(_document, ReflectionJson);
        return JsonSerializer.Deserialize<ConversationDocument>(bytes, ReflectionJson)!.Messages.Count;
    }

    [Benchmark(Description = "snapshot 1,000 msgs: STJ source-generated")]
    [BenchmarkCategory("Snapshot")]
    public int SourceGeneratedJsonRoundTrip()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(_document, ConversationJsonContext.Default.ConversationDocument);
        return JsonSerializer.Deserialize(bytes, ConversationJsonContext.Default.ConversationDocument)!.Messages.Count;
    }

    [Benchmark(Description = "snapshot 1,000 msgs: MessagePack (Aide)")]
    [BenchmarkCategory("Snapshot")]
    public int MessagePackRoundTrip()
    {
        _buffer.ResetWrittenCount();
        ConversationSnapshot.Serialize(_document, _buffer);
        return ConversationSnapshot.Deserialize(_buffer.WrittenMemory).Messages.Count;
    }

    /// <summary>
    /// The regression guard's pair: both serializers write into a reused buffer, so neither allocates and the ratio
    /// holds still (the round trips above allocate 0.8–1.5 MB each and their ratio swung 2× between runs).
    /// </summary>
    [Benchmark(Baseline = true, Description = "serialize 1,000 msgs into a reused buffer: STJ source-generated")]
    [BenchmarkCategory("SnapshotWrite")]
    public int SourceGeneratedJsonWrite()
    {
        _jsonBuffer.ResetWrittenCount();
        _jsonWriter.Reset(_jsonBuffer);
        JsonSerializer.Serialize(_jsonWriter, _document, ConversationJsonContext.Default.ConversationDocument);
        _jsonWriter.Flush();
        return _jsonBuffer.WrittenCount;
    }

    [Benchmark(Description = "serialize 1,000 msgs into a reused buffer: MessagePack (Aide)")]
    [BenchmarkCategory("SnapshotWrite")]
    public int MessagePackWrite()
    {
        _buffer.ResetWrittenCount();
        ConversationSnapshot.Serialize(_document, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "UTF-8 encode the same 188 KB")]
    [BenchmarkCategory("Tokens")]
    public int Utf8Encode() => System.Text.Encoding.UTF8.GetByteCount(_chatText);

    [Benchmark(Description = "count tokens of 188 KB chat text (o200k)")]
    [BenchmarkCategory("Tokens")]
    public int CountTokens() => _counter.CountTokens(_chatText);

    // Issue 29: inputs the tokenizer's pre-tokenizer makes one word of (its cost grows with the square of a word).
    [Benchmark(Description = "count tokens of 1 MB of prose (o200k)")]
    [BenchmarkCategory("Tokens")]
    public int CountProseMegabyte() => _counter.CountTokens(_proseMegabyte);

    [Benchmark(Description = "count tokens of 1 MB of one repeated character")]
    [BenchmarkCategory("Tokens")]
    public int CountRunMegabyte() => _counter.CountTokens(_runMegabyte);

    [Benchmark(Description = "count tokens of 1 MB of base64 zeros")]
    [BenchmarkCategory("Tokens")]
    public int CountBase64Megabyte() => _counter.CountTokens(_base64Megabyte);

    [Benchmark(Baseline = true, Description = "bare SQLite: read the 10,000 rows")]
    [BenchmarkCategory("Resume")]
    public int RawRead()
    {
        using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM messages";
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }

    [Benchmark(Description = "resume 10,000-msg conversation: open + window")]
    [BenchmarkCategory("Resume")]
    public async Task<int> Resume()
    {
        await using var store = SqliteConversationStore.Open(_database);
        var session = await ConversationSession.OpenAsync(store, "long", new ConversationSessionOptions { Model = "gpt-4o", Window = new ContextWindowOptions { ContextTokens = 128_000, ReplyTokens = 4096 } });
        var window = await session.BuildWindowAsync("You are helpful.");
        return window.MessagesIncluded;
    }
}
