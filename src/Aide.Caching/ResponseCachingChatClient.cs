using System.Runtime.CompilerServices;
using System.Text.Json;
using Aide.Chat;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> over a <see cref="ResponseCache"/>, with what
/// Aide adds: keys that cover the provider and only what changes an answer (role and content of each message, not ids or
/// timestamps), no caching of sampled requests unless asked, refresh, stampede protection (concurrent identical
/// requests make one model call), tags per provider and model, and a marker on answers served from the cache.
/// </summary>
internal sealed class ResponseCachingChatClient : DistributedCachingChatClient
{
    private static readonly AsyncLocal<HitFlag?> CurrentCall = new();
    private readonly ResponseCache _cache;
    private readonly ChatCacheOptions _options;
    private readonly string[] _tags;

    public ResponseCachingChatClient(IChatClient innerClient, ResponseCache cache, ChatCacheOptions options, string providerIdentity, string providerKind, string? model)
        : base(innerClient, cache)
    {
        _cache = cache;
        _options = options;
        CacheKeyAdditionalValues = ["aide-cache-2", providerIdentity];
        _tags = model is null ? [$"provider:{providerKind}"] : [$"provider:{providerKind}", $"model:{model}"];
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        if (!EnableCaching(list, options))
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        using (await _cache.EnterAsync(GetCacheKey(list, options, "call"), cancellationToken))
        {
            var flag = CurrentCall.Value = HitFlag.For(list, options);
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            if (flag.Hit)
            {
                MarkHit(response.AdditionalProperties ??= [], flag);
            }

            return response;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        if (!EnableCaching(list, options))
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        // Held for the whole stream: an identical request waits, then finds the complete answer in the cache.
        using (await _cache.EnterAsync(GetCacheKey(list, options, "stream"), cancellationToken))
        {
            var flag = HitFlag.For(list, options);
            await using var updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                CurrentCall.Value = flag;
                if (!await updates.MoveNextAsync())
                {
                    break;
                }

                var update = updates.Current;
                if (!flag.Hit)
                {
                    yield return update;
                    continue;
                }

                MarkHit(update.AdditionalProperties ??= [], flag);
                foreach (var piece in CachedReplay.Split(update))
                {
                    yield return piece;
                }
            }
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ResponseCache) ? _cache : base.GetService(serviceType, serviceKey);

    /// <summary>Caches unless the call is stateful (a server-side conversation id), off, or sampled (temperature &gt; 0) without consent.</summary>
    protected override bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        base.EnableCaching(messages, options)
        && _options.Mode != ChatCacheMode.Off
        && (_options.CacheSampled || options?.Temperature is null or <= 0f);

    /// <summary>
    /// Keys from what changes an answer: each message's role, author and contents, not its id or timestamp. Text-only
    /// requests are hashed directly (<see cref="TextRequestKey"/>); anything else through M.E.AI's JSON key.
    /// </summary>
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        if (ReadOnlyToolLoop.Of(options) is { } loop)
        {
            return ReadOnlyToolLoop.KeyPrefix + GetCacheKey(ReadOnlyToolLoop.Start(messages), loop.Options, [.. additionalValues, loop.Identity]);
        }

        return TextRequestKey.TryCompute(messages, options, additionalValues, CacheKeyAdditionalValues, out var key)
            ? key
            : base.GetCacheKey(messages.Select(m => new ChatMessage(m.Role, m.Contents) { AuthorName = m.AuthorName }), options, additionalValues);
    }

    /// <summary>
    /// Reads a whole cached answer. Streamed answers come here too: M.E.AI coalesces a stream into one response before
    /// caching it (<see cref="CachingChatClient.CoalesceStreamingUpdates"/>) and replays it as updates.
    /// </summary>
    protected override Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken) =>
        ReadEntryAsync(key, static updates => updates.ToChatResponse(), cancellationToken);

    protected override Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken) =>
        ReadEntryAsync<IReadOnlyList<ChatResponseUpdate>>(key, static updates => updates, cancellationToken);

    /// <summary>
    /// A cached answer in the plain form (<see cref="TextUpdatesFormat"/>), else in M.E.AI's JSON of <typeparamref name="T"/>;
    /// none when refreshing. An entry that does not decode to an answer is discarded as damaged, and its question goes
    /// to the model.
    /// </summary>
    private async Task<T?> ReadEntryAsync<T>(string key, Func<List<ChatResponseUpdate>, T> fromUpdates, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.Mode == ChatCacheMode.Refresh || CurrentCall.Value is { MidLoop: true } || _cache.Get(key, out var storedAt) is not { } bytes)
        {
            return null;
        }

        T? value;
        try
        {
            value = TextUpdatesFormat.TryRead(bytes, out var updates)
                ? fromUpdates(updates)
                : (T?)JsonSerializer.Deserialize(bytes, JsonSerializerOptions.GetTypeInfo(typeof(T)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            value = null;
        }

        if (!HasAnswer(value))
        {
            _cache.DiscardUnreadable(key, bytes.Length);
            return null;
        }

        return NoteHit(value, storedAt);
    }

    /// <summary>Whether a decoded entry holds an answer: some text or a tool call (never an empty answer).</summary>
    private static bool HasAnswer(object? value) => value switch
    {
        ChatResponse response => ChatCacheEntries.HasAnswer(response.Messages.SelectMany(m => m.Contents)),
        IReadOnlyList<ChatResponseUpdate> updates => ChatCacheEntries.HasAnswer(updates.SelectMany(u => u.Contents)),
        _ => false,
    };

    private static void MarkHit(AdditionalPropertiesDictionary properties, HitFlag flag)
    {
        properties[ResponseCacheMarker.PropertyName] = "hit";
        properties[ResponseCacheMarker.StoredAtPropertyName] = flag.StoredAt;
    }

    /// <summary>Tells the call in progress (through its async flow) that the cache answered it.</summary>
    private static T? NoteHit<T>(T? cached, DateTimeOffset storedAt)
        where T : class
    {
        if (cached is not null && CurrentCall.Value is { } flag)
        {
            flag.Hit = true;
            flag.StoredAt = storedAt;
        }

        return cached;
    }

    protected override Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken) =>
        CurrentCall.Value is { NoStore: true } || ReadOnlyToolLoop.IsMidLoop(key, value.Messages.SelectMany(m => m.Contents))
            ? Task.CompletedTask
            : WriteEntryAsync(key, value, value.ToChatResponseUpdates(), cancellationToken);

    protected override Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken) =>
        CurrentCall.Value is { NoStore: true } || ReadOnlyToolLoop.IsMidLoop(key, value.SelectMany(u => u.Contents))
            ? Task.CompletedTask
            : WriteEntryAsync(key, value, value, cancellationToken);

    /// <summary>Stores the plain form when <paramref name="updates"/> hold only text and usage, else M.E.AI's JSON of <paramref name="value"/>.</summary>
    private Task WriteEntryAsync<T>(string key, T value, IReadOnlyList<ChatResponseUpdate> updates, CancellationToken cancellationToken) =>
        _cache.SetAsync(
            key,
            TextUpdatesFormat.TryWrite(updates, out var bytes) ? bytes : JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.GetTypeInfo(typeof(T))),
            EntryOptions(),
            cancellationToken);

    private TaggedCacheEntryOptions EntryOptions() => new() { AbsoluteExpirationRelativeToNow = _options.TimeToLive, Tags = _tags };

    /// <summary>Set by the read hooks of one call (they run in its async flow), read by the call when it returns.</summary>
    private sealed class HitFlag
    {
        /// <summary>Gets a value indicating whether the call is a middle round of a tool loop Aide runs: never answered from the cache.</summary>
        public bool MidLoop { get; private init; }

        /// <summary>Gets a value indicating whether the loop so far called a tool that may write: its answer is not stored.</summary>
        public bool NoStore { get; private init; }

        public static HitFlag For(IList<ChatMessage> messages, ChatOptions? options) =>
            ReadOnlyToolLoop.Of(options) is null
                ? new HitFlag()
                : new HitFlag { MidLoop = ReadOnlyToolLoop.Start(messages).Count < messages.Count, NoStore = ReadOnlyToolLoop.CalledAnyWriter(messages, options!) };

        public bool Hit { get; set; }

        public DateTimeOffset StoredAt { get; set; }
    }
}
