using Aide.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Chat;

public sealed class RetryingChatClientTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Waits_exactly_the_Retry_After_before_the_next_attempt()
    {
        var inner = new TestChatClient();
        var attempts = 0;
        inner.GetResponseAsyncCallback = (_, _, _) => ++attempts == 1
            ? throw RateLimited(TimeSpan.FromSeconds(7))
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        using var client = Create(inner, retries: 2);

        var call = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await WaitUntil(() => attempts == 1);
        _time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Equal(1, attempts);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var response = await call;

        Assert.Equal(2, attempts);
        Assert.Equal("ok", response.Text);
    }

    [Fact]
    public async Task Retry_After_beyond_the_limit_fails_at_once()
    {
        var inner = new TestChatClient { GetResponseAsyncCallback = (_, _, _) => throw RateLimited(TimeSpan.FromMinutes(10)) };
        using var client = Create(inner, retries: 3);

        var error = await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ChatErrorKind.RateLimited, error.Kind);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Non_transient_errors_are_not_retried()
    {
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("bad key") { Kind = ChatErrorKind.Unauthorized },
        };
        using var client = Create(inner, retries: 3);

        await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries_with_exponential_backoff()
    {
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("down") { Kind = ChatErrorKind.ServerError, StatusCode = 503 },
        };
        using var client = Create(inner, retries: 2);

        var call = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await WaitUntil(() => inner.Calls == 1);
        _time.Advance(TimeSpan.FromSeconds(30)); // beyond any jittered backoff
        await WaitUntil(() => inner.Calls == 2);
        _time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<AideChatException>(() => call);

        Assert.Equal(3, inner.Calls);
        Assert.Equal(ChatErrorKind.ServerError, error.Kind);
    }

    [Fact]
    public async Task Stream_is_retried_before_its_first_chunk_but_never_after()
    {
        var inner = new TestChatClient();
        var attempts = 0;
        inner.GetStreamingResponseAsyncCallback = (_, _, _) => ++attempts == 1 ? FailBeforeFirstChunk() : FailAfterFirstChunk();
        using var client = Create(inner, retries: 3, baseDelay: TimeSpan.Zero);

        var received = new List<string>();
        var error = await Assert.ThrowsAsync<AideChatException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(2, attempts);
        Assert.Equal(["first"], received);
        Assert.Equal(ChatErrorKind.ConnectionLost, error.Kind);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailBeforeFirstChunk()
    {
        await Task.Yield();
        throw new AideChatException("dropped") { Kind = ChatErrorKind.ConnectionLost };
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailAfterFirstChunk()
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
        throw new AideChatException("dropped") { Kind = ChatErrorKind.ConnectionLost };
    }

    private static AideChatException RateLimited(TimeSpan retryAfter) =>
        new("429") { Kind = ChatErrorKind.RateLimited, StatusCode = 429, RetryAfter = retryAfter };

    private RetryingChatClient Create(IChatClient inner, int retries, TimeSpan? baseDelay = null) =>
        new(inner, retries, baseDelay ?? TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), _time, NullLogger.Instance);

    /// <summary>Lets the pipeline reach its next timer; sequencing only, no wall-clock assertion.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 10_000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
