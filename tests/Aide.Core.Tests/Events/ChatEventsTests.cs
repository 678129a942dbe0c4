using System.Runtime.CompilerServices;
using Aide.Chat;
using Aide.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Events;

public sealed class ChatEventsTests
{
    private readonly FakeTimeProvider _time = new(TestEvents.Now);

    [Fact]
    public async Task A_streamed_turn_publishes_started_then_completed_with_usage_and_timings()
    {
        await using var bus = AideEventBus.Create(timeProvider: _time);
        var events = new List<AideEvent>();
        using var subscription = bus.Subscribe<ChatEvent>(events.Add);
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(ct) };
        using var client = new EventPublishingChatClient(inner, bus, "openai=http://h/v1", "m", _time);

        await foreach (var _ in client.GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "m", ConversationId = "work" }, TestContext.Current.CancellationToken))
        {
        }

        var started = Assert.IsType<ChatRequestStarted>(events[0]);
        var completed = Assert.IsType<ChatResponseCompleted>(events[1]);
        Assert.Equal(2, events.Count);
        Assert.True(started.Streaming);
        Assert.Equal("openai=http://h/v1", completed.Provider);
        Assert.Equal("served-model", completed.Model);
        Assert.Equal(11, completed.InputTokens);
        Assert.Equal(2, completed.OutputTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(40), completed.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(60), completed.Latency);
        Assert.All(events, e => Assert.Equal("work", e.SessionId));
        Assert.Equal(started.CorrelationId, completed.CorrelationId);
        Assert.Equal(TestEvents.Now, started.Timestamp);
    }

    [Fact]
    public async Task A_turn_scope_names_the_session_and_correlation_of_every_event_published_within_it()
    {
        await using var bus = AideEventBus.Create(timeProvider: _time);
        var events = new List<AideEvent>();
        using var subscription = bus.Subscribe<ChatEvent>(events.Add);
        var inner = new TestChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))) };
        using var client = new EventPublishingChatClient(inner, bus, "openai=http://h/v1", "m", _time);

        using (ChatTurnScope.Begin(correlationId: "turn-1"))
        {
            ChatTurnScope.SetSession("work"); // known only once the conversation is open
            await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
            using (ChatTurnScope.Begin("inner", "turn-2"))
            {
                await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
            }

            Assert.Equal("turn-1", ChatTurnScope.CorrelationId); // the outer turn again
        }

        Assert.Null(ChatTurnScope.CorrelationId);
        Assert.Null(ChatTurnScope.SessionId);
        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            [("work", "turn-1"), ("work", "turn-1"), ("inner", "turn-2"), ("inner", "turn-2")],
            events.Take(4).Select(e => (e.SessionId, e.CorrelationId)));
        Assert.Null(events[4].SessionId); // outside any turn: a correlation of its own
        Assert.NotNull(events[4].CorrelationId);
        Assert.NotEqual("turn-1", events[4].CorrelationId);
        Assert.Equal(events[4].CorrelationId, events[5].CorrelationId);
    }

    [Fact]
    public async Task A_failed_turn_publishes_the_failure_kind_without_secrets()
    {
        await using var bus = AideEventBus.Create(timeProvider: _time);
        var events = new List<AideEvent>();
        using var subscription = bus.Subscribe<ChatEvent>(events.Add);
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("openai=http://h/v1 rejected the credentials (HTTP 401).") { Kind = ChatErrorKind.Unauthorized, StatusCode = 401 },
        };
        using var client = new EventPublishingChatClient(inner, bus, "openai=http://h/v1", "m", _time);

        await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        var failed = Assert.IsType<ChatRequestFailed>(events[1]);
        Assert.Equal("Unauthorized", failed.ErrorKind);
        Assert.Equal(401, failed.StatusCode);
        Assert.Equal(EventSeverity.Error, failed.Severity);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Stream([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        _time.Advance(TimeSpan.FromMilliseconds(40));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel") { ModelId = "served-model" };
        _time.Advance(TimeSpan.FromMilliseconds(20));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo");
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 11, OutputTokenCount = 2 })] };
    }
}
