using System.Globalization;
using System.Text;
using Aide.Caching;
using Aide.Cli.Chat;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Conversations.Window;
using Aide.Events;
using Aide.Events.Journal;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Providers.OpenAI;
using Aide.Resilience;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// The chat pipeline's own cost per turn, against a loopback model that answers at once: the pipeline as
/// <c>aide ask</c> builds it (events + journal, response cache, failover, breaker, retries, timeout, telemetry),
/// a cached answer, and a whole turn with the durable conversation history. Reports time and bytes allocated per
/// turn (the allocation budget); the bare model call is the baseline.
/// </summary>
internal static class PipelineOverheadCheck
{
    /// <summary>
    /// Bytes a pipeline turn (cache miss, no history) may allocate: a ceiling against regressions, set above the
    /// 19 KB measured once the event journal wrote through pooled buffers (it was 35 KB before).
    /// </summary>
    public const long AllocationBudget = 24 * 1024;

    /// <summary>Time a pipeline turn may add to the model call: 1 % of a 50 ms answer from a small local model.</summary>
    public const double TimeBudgetMicroseconds = 500;

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("pipeline");
        await using var bus = AideEventBus.Create();
        using var journal = EventJournal.Attach(bus, Path.Combine(folder, "events"));
        using var cache = ResponseCache.Create(new ResponseCacheOptions { Directory = Path.Combine(folder, "cache") }, bus);
        var model = new LoopbackChatClient();
        var services = new PipelineServices(bus, new ResponseCacheLayer(cache), new ProviderCircuits(bus: bus), InProcessProvider.Registry(_ => model));
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "loopback");
        using var pipeline = AideChatClientFactory.Create(new ProviderOptions { Providers = [provider] }, services: services);
        await using var store = SqliteConversationStore.Open(Path.Combine(folder, "conversations.db"));
        var session = await ConversationSession.OpenAsync(
            store,
            "bench",
            new ConversationSessionOptions { Model = "gpt-4o", Window = new ContextWindowOptions { ContextTokens = 8192 }, EventBus = bus },
            context.CancellationToken);

        var question = 0;
        List<ChatMessage> Unique() => [new(ChatRole.User, "Question " + (++question).ToString(CultureInfo.InvariantCulture))];
        List<ChatMessage> repeated = [new(ChatRole.User, "What can you do?")];
        await StreamAsync(pipeline, repeated, context.CancellationToken);

        var (bare, bareBytes) = await TurnsAsync(context, () => StreamAsync(model, repeated, context.CancellationToken));
        var (miss, missBytes) = await TurnsAsync(context, () => StreamAsync(pipeline, Unique(), context.CancellationToken));
        var (hit, hitBytes) = await TurnsAsync(context, () => StreamAsync(pipeline, repeated, context.CancellationToken));
        var (full, fullBytes) = await TurnsAsync(context, async () =>
        {
            var turn = await session.BeginTurnAsync("Question " + (++question).ToString(CultureInfo.InvariantCulture), null, null, context.CancellationToken);
            var answer = await StreamAsync(pipeline, turn.Window.Messages, context.CancellationToken);
            await session.CompleteTurnAsync(turn, answer, cancellationToken: context.CancellationToken);
        });

        // The same pipeline over HTTP to a loopback server (the OpenAI provider, as for any OpenAI-compatible
        // endpoint), against the raw HTTP exchange of a request of the same shape with HttpClient.
        await using var server = LoopbackModelServer.Start();
        using var registry = new ProviderRegistry().AddOpenAI();
        var httpServices = new PipelineServices(bus, new ResponseCacheLayer(cache), new ProviderCircuits(bus: bus), registry);
        using var httpPipeline = AideChatClientFactory.Create(new ProviderOptions { Providers = [new ProviderSettings(ProviderKind.OpenAI, server.BaseAddress, "loopback")] }, services: httpServices);
        using var http = new HttpClient();
        var (raw, _) = await TurnsAsync(context, () => RawExchangeAsync(http, server.BaseAddress, "Question " + (++question).ToString(CultureInfo.InvariantCulture), context.CancellationToken));
        var (overHttp, httpBytes) = await TurnsAsync(context, () => StreamAsync(httpPipeline, Unique(), context.CancellationToken));
        var httpOverhead = (overHttp.Median - raw.Median) / 1e3;

        var overhead = (miss.Median - bare.Median) / 1e3;
        var perTurn = missBytes - bareBytes;
        return new BenchCheck(
            "pipeline",
            "Chat pipeline overhead per turn",
            "– (not measured)",
            string.Create(CultureInfo.InvariantCulture, $"≤ {TimeBudgetMicroseconds:0} µs (1 % of a 50 ms answer) and ≤ {AllocationBudget / 1024} KB allocated per turn beyond the model call"),
            string.Create(CultureInfo.InvariantCulture, $"{overhead:0.0} µs, {perTurn / 1024.0:0.0} KB per turn; cached answer {hit.Median / 1e3:0.0} µs ({hitBytes / 1024.0:0.0} KB); with durable history {full.Median / 1e6:0.00} ms ({fullBytes / 1024.0:0.0} KB); over HTTP +{httpOverhead:0.0} µs on the raw exchange's {raw.Median / 1e3:0.0} µs ({httpBytes / 1024.0:0.0} KB)"),
            overhead <= TimeBudgetMicroseconds && perTurn <= AllocationBudget,
            Spread.Of(bare, miss, hit, full, raw, overHttp),
            [
                BenchChart.Histogram("Pipeline turn, cache miss (per batch)", "µs", [.. miss.Samples.Select(s => s / 1e3)]),
                BenchChart.Bars("Time per turn", "µs", ["bare model call", "pipeline, cache miss", "pipeline, cache hit", "raw HTTP exchange (loopback server)", "pipeline over HTTP, cache miss"], [bare.Median / 1e3, miss.Median / 1e3, hit.Median / 1e3, raw.Median / 1e3, overHttp.Median / 1e3]),
                BenchChart.Bars("Bytes allocated per turn", "KB", ["bare model call", "pipeline, cache miss", "pipeline, cache hit", "turn with durable history"], [bareBytes / 1024.0, missBytes / 1024.0, hitBytes / 1024.0, fullBytes / 1024.0]),
            ],
            "Loopback model: answers from memory in three chunks. A cache miss includes storing the answer in the disk cache (one SQLite transaction, most of the time); 'with durable history' adds the user and assistant messages committed to SQLite (two fsyncs), the context window and entity detection; 'over HTTP' is the OpenAI provider against an HttpListener on 127.0.0.1 that answers at once, minus a bare HttpClient request of the same shape (the difference includes the OpenAI-compatible client's own work).");
    }

    /// <summary>Time per turn (stable sampling) and bytes allocated per turn, over all threads (journal writer included).</summary>
    private static async Task<(Measurement Time, long Bytes)> TurnsAsync(BenchContext context, Func<Task> turn)
    {
        var time = await context.Sampler.NanosecondsPerOperationAsync(async n =>
        {
            for (var i = 0; i < n; i++)
            {
                await turn();
            }
        });
        const int Turns = 200;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Turns; i++)
        {
            await turn();
        }

        return (time, (GC.GetTotalAllocatedBytes(precise: true) - before) / Turns);
    }

    private static async Task RawExchangeAsync(HttpClient http, string baseAddress, string question, CancellationToken cancellationToken)
    {
        var body = "{\"model\":\"loopback\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(baseAddress + "/chat/completions", content, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await stream.CopyToAsync(Stream.Null, cancellationToken);
    }

    private static async Task<string> StreamAsync(IChatClient client, IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
