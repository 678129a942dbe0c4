using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aide.Caching;
using Aide.Chat;
using Aide.Configuration;
using Aide.Events;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Caching;

/// <summary>The cache inside Aide's real chat pipeline, in front of a counting fake provider.</summary>
public sealed class ChatCachingTests : IDisposable
{
    private readonly CacheFixture _fixture = new();
    private readonly TestChatClient _provider = new();
    private int _answers;

    public ChatCachingTests()
    {
        _provider.GetResponseAsyncCallback = (_, options, _) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer {Interlocked.Increment(ref _answers)}")) { ModelId = options?.ModelId });
        _provider.GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(Interlocked.Increment(ref _answers), ct);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_and_says_so()
    {
        using var client = Pipeline(_fixture.Open());

        var first = await client.GetResponseAsync("What is Aide?", cancellationToken: Token);
        var second = await client.GetResponseAsync("What is Aide?", cancellationToken: Token);

        Assert.Equal(1, _provider.Calls);
        Assert.Equal(first.Text, second.Text);
        Assert.False(first.AdditionalProperties?.ContainsKey(ResponseCacheMarker.PropertyName) ?? false);
        Assert.True(second.AdditionalProperties!.ContainsKey(ResponseCacheMarker.PropertyName));
        await _fixture.Bus.DisposeAsync();
        Assert.Equal([false, true], _fixture.EventsOf<ChatResponseCompleted>().Select(e => e.FromCache));
    }

    [Fact]
    public async Task Streamed_answers_are_cached_and_replayed_from_another_process_cache_instance()
    {
        using (var client = Pipeline(_fixture.Open()))
        {
            Assert.Equal("one two", await StreamText(client, "Stream it"));
        }

        using var later = Pipeline(_fixture.Open());
        var updates = await later.GetStreamingResponseAsync("Stream it", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal(1, _provider.Calls);
        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.True(u.AdditionalProperties!.ContainsKey(ResponseCacheMarker.PropertyName)));
    }

    [Fact]
    public async Task Text_answers_are_stored_in_the_plain_form_and_entries_in_the_library_format_still_answer()
    {
        var cache = _fixture.Open();
        using (var client = Pipeline(cache))
        {
            Assert.Equal("one two", await StreamText(client, "Stream it"));
        }

        var export = new MemoryStream();
        await cache.ExportAsync(export, Token);
        var lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = JsonNode.Parse(lines[1])!.AsObject();
        var stored = Convert.FromBase64String(entry["value"]!.GetValue<string>());
        Assert.StartsWith("{\"aideText\":1", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);

        // An entry written by an earlier Aide (M.E.AI's own JSON of the coalesced response) under the same key.
        var library = new ChatResponse(new ChatMessage(ChatRole.Assistant, "from the library format"));
        entry["value"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(library, AIJsonUtilities.DefaultOptions));
        var older = _fixture.Open(directory: Directory.CreateTempSubdirectory("aide-cache-old-").FullName);
        await older.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes($"{lines[0]}\n{entry.ToJsonString()}\n")), isValid: null, Token);
        using var reading = Pipeline(older);

        Assert.Equal("from the library format", await StreamText(reading, "Stream it"));
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task An_entry_that_does_not_decode_to_an_answer_is_discarded_as_damaged_and_the_question_reaches_the_model()
    {
        var cache = _fixture.Open();
        using (var client = Pipeline(cache))
        {
            await StreamText(client, "Poisoned question");
        }

        // Overwrite the entry under the same key with bytes that pass the entry checksum but are no answer.
        var export = new MemoryStream();
        await cache.ExportAsync(export, Token);
        var key = JsonNode.Parse(Encoding.UTF8.GetString(export.ToArray()).Split('\n')[1])!["key"]!.GetValue<string>();
        foreach (var junk in (byte[][])[[.. System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)], "{\"aideText\":1,\"updates\":[]}"u8.ToArray()])
        {
            await cache.SetAsync(key, junk, new Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions(), Token);
            using var client = Pipeline(cache);

            var text = await StreamText(client, "Poisoned question");

            Assert.NotEmpty(text);
        }

        Assert.Equal(3, _provider.Calls);
        Assert.Equal(2, cache.GetStatistics().CorruptEntries);
        await _fixture.Bus.DisposeAsync();
        Assert.Equal(2, _fixture.EventsOf<CacheEviction>().Count(e => e.Reason == EvictionReason.Corrupt));
    }

    [Fact]
    public async Task Sampled_requests_are_not_cached_unless_asked_for()
    {
        var sampled = new ChatOptions { Temperature = 0.7f };
        using (var client = Pipeline(_fixture.Open()))
        {
            await client.GetResponseAsync("Tell me a story", sampled, Token);
            await client.GetResponseAsync("Tell me a story", sampled, Token);
            Assert.Equal(2, _provider.Calls);
            await client.GetResponseAsync("Tell me a story", new ChatOptions { Temperature = 0f }, Token);
            await client.GetResponseAsync("Tell me a story", new ChatOptions { Temperature = 0f }, Token);
            Assert.Equal(3, _provider.Calls);
        }

        using var consenting = Pipeline(_fixture.Open(), new ChatCacheOptions { CacheSampled = true });
        await consenting.GetResponseAsync("Tell me a story", sampled, Token);
        await consenting.GetResponseAsync("Tell me a story", sampled, Token);
        Assert.Equal(4, _provider.Calls);
    }

    [Fact]
    public async Task Refresh_asks_again_and_replaces_the_cached_answer_and_off_bypasses_it()
    {
        var cache = _fixture.Open();
        using var normal = Pipeline(cache);
        using var refresh = Pipeline(cache, new ChatCacheOptions { Mode = ChatCacheMode.Refresh });
        using var off = Pipeline(cache, new ChatCacheOptions { Mode = ChatCacheMode.Off });

        Assert.Equal("answer 1", (await normal.GetResponseAsync("Q", cancellationToken: Token)).Text);
        Assert.Equal("answer 2", (await refresh.GetResponseAsync("Q", cancellationToken: Token)).Text);
        Assert.Equal("answer 2", (await normal.GetResponseAsync("Q", cancellationToken: Token)).Text);
        Assert.Equal("answer 3", (await off.GetResponseAsync("Q", cancellationToken: Token)).Text);
        Assert.Equal("answer 2", (await normal.GetResponseAsync("Q", cancellationToken: Token)).Text);
    }

    [Fact]
    public async Task Keys_cover_provider_model_options_and_messages_but_not_ids_or_timestamps()
    {
        var cache = _fixture.Open();
        using var a = Pipeline(cache);
        using var otherModel = Pipeline(cache, model: "other-model");
        using var otherProvider = Pipeline(cache, address: "http://elsewhere:1/v1");

        await a.GetResponseAsync([new ChatMessage(ChatRole.User, "Q") { MessageId = "1", CreatedAt = DateTimeOffset.UnixEpoch }], cancellationToken: Token);
        await a.GetResponseAsync([new ChatMessage(ChatRole.User, "Q") { MessageId = "2", CreatedAt = DateTimeOffset.MaxValue }], cancellationToken: Token);
        Assert.Equal(1, _provider.Calls);

        await otherModel.GetResponseAsync("Q", cancellationToken: Token);
        await otherProvider.GetResponseAsync("Q", cancellationToken: Token);
        await a.GetResponseAsync("Q", new ChatOptions { MaxOutputTokens = 5 }, Token);
        await a.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Q")], cancellationToken: Token);
        Assert.Equal(5, _provider.Calls);
        Assert.Equal(1, cache.InvalidateTag("model:other-model"));
    }

    [Fact]
    public async Task Concurrent_identical_streams_make_one_model_call()
    {
        var gate = new TaskCompletionSource();
        _provider.GetStreamingResponseAsyncCallback = (_, _, ct) => Gated(gate.Task, ct);
        using var client = Pipeline(_fixture.Open());

        var streams = Enumerable.Range(0, 5).Select(_ => Task.Run(() => StreamText(client, "same question"), Token)).ToList();
        await Task.Delay(100, Token);
        gate.SetResult();
        var texts = await Task.WhenAll(streams);

        Assert.Equal(1, _provider.Calls);
        Assert.All(texts, t => Assert.Equal("slow answer", t));
    }

    [Fact]
    public async Task A_failed_call_caches_nothing_and_the_next_one_asks_again()
    {
        var fail = true;
        _provider.GetResponseAsyncCallback = (_, _, _) => fail
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        using var client = Pipeline(_fixture.Open(), retries: 0);

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("Q", cancellationToken: Token));
        fail = false;

        Assert.Equal("ok", (await client.GetResponseAsync("Q", cancellationToken: Token)).Text);
        Assert.Equal(2, _provider.Calls);
    }

    [Fact]
    public async Task A_cached_streamed_answer_is_replayed_as_a_stream_of_pieces_with_the_finish_reason_last()
    {
        const string Long = "A cached answer long enough to be cut into several pieces of a few words each, as a model would stream it.";
        _provider.GetStreamingResponseAsyncCallback = (_, _, ct) => Words(Long, ct);
        using var client = Pipeline(_fixture.Open());

        var first = await client.GetStreamingResponseAsync("Long one", cancellationToken: Token).ToListAsync(Token);
        var replayed = await client.GetStreamingResponseAsync("Long one", cancellationToken: Token).ToListAsync(Token);

        Assert.Equal(1, _provider.Calls);
        Assert.Equal(Long, string.Concat(first.Select(u => u.Text)));
        Assert.Equal(Long, string.Concat(replayed.Select(u => u.Text)));
        var pieces = replayed.Where(u => u.Text.Length > 0).ToList();
        Assert.True(pieces.Count >= 4, $"{pieces.Count} pieces");
        Assert.All(pieces[..^1], p => Assert.Null(p.FinishReason));
        Assert.Equal(ChatFinishReason.Stop, replayed.Last(u => u.FinishReason is not null).FinishReason);
        Assert.All(pieces, p => Assert.True(p.AdditionalProperties!.ContainsKey(ResponseCacheMarker.PropertyName)));
    }

    [Fact]
    public async Task Microsoft_Extensions_AI_UseDistributedCache_works_over_the_response_cache()
    {
        using var client = new ChatClientBuilder(_provider).UseDistributedCache(_fixture.Open()).Build();

        await client.GetResponseAsync("Q", cancellationToken: Token);
        await client.GetResponseAsync("Q", cancellationToken: Token);
        await StreamText(client, "S");
        await StreamText(client, "S");

        Assert.Equal(2, _provider.Calls);
    }

    private IChatClient Pipeline(ResponseCache cache, ChatCacheOptions? options = null, int retries = 2, string model = "test-model", string address = "http://127.0.0.1:1/v1")
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, address, model);
        return AideChatClientFactory.Build([provider], _ => _provider, new ProviderOptions { Providers = [provider] }, new ResilienceOptions { Retries = retries }, new TestServices(_fixture.Bus, new ResponseCacheLayer(cache, options)));
    }

    private static async Task<string> StreamText(IChatClient client, string question) =>
        string.Concat((await client.GetStreamingResponseAsync(question, cancellationToken: Token).ToListAsync(Token)).Select(u => u.Text));

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(int n, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, n == 1 ? "one" : $"answer {n}");
        yield return new ChatResponseUpdate(ChatRole.Assistant, n == 1 ? " two" : string.Empty);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Words(string text, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, string.Empty) { FinishReason = ChatFinishReason.Stop };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Gated(Task gate, [EnumeratorCancellation] CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "slow");
        yield return new ChatResponseUpdate(ChatRole.Assistant, " answer");
    }
}
