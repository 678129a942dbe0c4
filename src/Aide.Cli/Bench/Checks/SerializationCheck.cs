using System.Buffers;
using System.Globalization;
using Aide.Benchmarking;
using Aide.Conversations;
using Aide.Conversations.Export;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Context serialization: a snapshot round trip (serialize + deserialize) of a 1,000-message conversation in Aide's
/// MessagePack snapshot format, against System.Text.Json with its source-generated contract. Reflection-based JSON,
/// the BenchmarkDotNet suite's baseline, does not exist in the native AOT build this command runs in, so the
/// baseline here is the faster JSON serializer: the ratio is, if anything, an understatement.
/// </summary>
internal static class SerializationCheck
{
    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var document = Document(1_000);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var json = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                ConversationJson.Deserialize(ConversationJson.SerializeToUtf8Bytes(document));
            }
        });
        var snapshot = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                buffer.ResetWrittenCount();
                ConversationSnapshot.Serialize(document, buffer);
                ConversationSnapshot.Deserialize(buffer.WrittenMemory);
            }
        });

        var speedup = json.Median / snapshot.Median;
        return new BenchCheck(
            "serialization",
            "Context serialization speedup",
            "3× faster serialization (direct dict creation instead of asdict)",
            "snapshot round trip of 1,000 messages ≥ 3× faster than JSON",
            string.Create(CultureInfo.InvariantCulture, $"{speedup:0.0}× ({snapshot.Median / 1e3:N0} µs vs JSON {json.Median / 1e3:N0} µs)"),
            speedup >= 3,
            Spread.Of(json, snapshot),
            [BenchChart.Bars("Snapshot round trip, 1,000 messages", "µs", ["MessagePack (Aide)", "STJ, source-generated"], [snapshot.Median / 1e3, json.Median / 1e3])],
            "Baseline: source-generated System.Text.Json (reflection JSON is unavailable under native AOT).");
    }

    internal static ConversationDocument Document(int count)
    {
        var now = DateTimeOffset.UnixEpoch;
        var messages = Enumerable.Range(1, count).Select(i => new StoredMessage(
            i.ToString("x12", CultureInfo.InvariantCulture), i, i % 2 == 0 ? "assistant" : "user", ChatSamples.Sentence(i), 40, now.AddSeconds(i), Metadata: i % 2 == 0 ? new Dictionary<string, string> { ["model"] = "gpt-4o", ["outputTokens"] = "40" } : null)).ToList();
        return new ConversationDocument(ConversationDocument.FormatName, 1, now, new ConversationInfo("c", "bench", "title", "gpt-4o", now, now, count, count * 40), messages, []);
    }
}
