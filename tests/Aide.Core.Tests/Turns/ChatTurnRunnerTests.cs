using System.Runtime.CompilerServices;
using Aide.Caching;
using Aide.Chat;
using Aide.Configuration;
using Aide.Core.Tests.Conversations;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Aide.Turns;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Turns;

public sealed class ChatTurnRunnerTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private static AideChatException TooLong(int prompt = 600, int context = 512) =>
        new("too long") { Kind = ChatErrorKind.BadRequest, StatusCode = 413, PromptTokens = prompt, ContextTokens = context };

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(params string[] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, Contents = [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = chunks.Length })] };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> BreakAfter(string chunk, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        cancellationToken.ThrowIfCancellationRequested();
        throw new AideChatException("dropped mid-answer") { Kind = ChatErrorKind.ConnectionLost };
    }

    private static IAsyncEnumerable<ChatResponseUpdate> Throw(Exception error) => Throwing(error);

    private static async IAsyncEnumerable<ChatResponseUpdate> Throwing(Exception error)
    {
        await Task.Yield();
        if (error is not null)
        {
            throw error;
        }

        yield break;
    }

    /// <summary>Six earlier turns of prose, so the window holds well over a thousand tokens and a refit has turns to leave out.</summary>
    private static async Task FillAsync(Aide.Conversations.ConversationSession session)
    {
        for (var i = 0; i < 6; i++)
        {
            var earlier = await session.BeginTurnAsync(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 30)) + i, null, null, Ct);
            await session.CompleteTurnAsync(earlier, string.Concat(Enumerable.Repeat("a slow grey cat sleeps under the warm sun ", 30)) + i, cancellationToken: Ct);
        }
    }

    [Fact]
    public async Task A_turn_saves_question_and_answer_streams_each_update_and_reports_its_facts()
    {
        var model = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Stream("Hel", "lo") };
        var session = await _fixture.OpenAsync("t");
        var seen = new List<string>();

        var result = await new ChatTurnRunner(model).RunAsync(
            new ChatTurnRequest { Question = "Hi", SystemPrompt = "Be brief.", OnUpdate = (u, _) => { seen.Add(u.Text); return default; } },
            session,
            Ct);

        Assert.Equal("Hello", result.Text);
        Assert.Equal(["Hel", "lo", string.Empty], seen);
        Assert.Equal(ChatFinishReason.Stop, result.FinishReason);
        Assert.Equal(2, result.Usage?.OutputTokenCount);
        Assert.False(result.FromCache);
        Assert.Null(result.Provider); // not an Aide pipeline: no provider list to name one from
        Assert.Equal(["Be brief.", "Hi"], result.Prepared.Messages.Select(m => m.Text));
        var saved = await _fixture.Store.GetMessagesAsync(session.Conversation.Id, Ct);
        Assert.Equal(["Hi", "Hello"], saved.Select(m => m.Content));
        Assert.Equal(saved[1].Id, result.SavedAnswer?.Id);
        Assert.Equal("2", saved[1].Metadata!["outputTokens"]);
    }

    [Fact]
    public async Task A_turn_that_is_not_streamed_asks_for_the_whole_answer_and_saves_it()
    {
        var model = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Whole answer"))
            {
                FinishReason = ChatFinishReason.Length,
                Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 },
                ModelId = "m",
            }),
        };
        var session = await _fixture.OpenAsync("whole");
        var seen = new List<string>();

        var result = await new ChatTurnRunner(model).RunAsync(
            new ChatTurnRequest { Question = "Hi", Streamed = false, OnUpdate = (u, _) => { seen.Add(u.Text); return default; } },
            session,
            Ct);

        Assert.Equal(1, model.Calls); // GetResponseAsync: the streaming callback is not set and would throw
        Assert.Equal("Whole answer", result.Text);
        Assert.Equal(["Whole answer"], seen);
        Assert.Equal(ChatFinishReason.Length, result.FinishReason);
        Assert.Equal(5, result.Usage?.InputTokenCount);
        Assert.Equal("m", result.ModelId);
        var saved = await _fixture.Store.GetMessagesAsync(session.Conversation.Id, Ct);
        Assert.Equal(["Hi", "Whole answer"], saved.Select(m => m.Content));
    }

    [Fact]
    public async Task A_refused_window_is_refitted_and_the_turn_tried_again_with_the_models_figures()
    {
        var attempts = 0;
        var sent = new List<int>();
        var model = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (messages, _, _) =>
            {
                sent.Add(messages.Count());
                return ++attempts == 1 ? Throw(new InvalidOperationException("failover", TooLong(prompt: 3000, context: 1000))) : Stream("ok");
            },
        };
        var session = await _fixture.OpenAsync("t", _fixture.Options(contextTokens: 4000, replyTokens: 100));
        await FillAsync(session);

        var result = await new ChatTurnRunner(model).RunAsync(new ChatTurnRequest { Question = "now" }, session, Ct);

        Assert.Equal("ok", result.Text);
        Assert.Equal(2, attempts);
        Assert.True(sent[1] < sent[0], $"the refit sent {sent[1]} messages after {sent[0]}");
        Assert.Equal("now", result.Prepared.Messages[^1].Text);
    }

    [Fact]
    public async Task Refits_stop_after_the_limit_and_the_models_error_is_reported_with_the_question_taken_back()
    {
        var model = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Throw(TooLong(prompt: 3000, context: 2900)) };
        var session = await _fixture.OpenAsync("t", _fixture.Options(contextTokens: 4000, replyTokens: 100));
        await FillAsync(session);
        var before = session.Conversation.MessageCount;

        var error = await Assert.ThrowsAsync<AideChatException>(() => new ChatTurnRunner(model).RunAsync(new ChatTurnRequest { Question = "Hi" }, session, Ct));

        Assert.Equal(413, error.StatusCode);
        Assert.Equal(1 + ChatTurnRunner.MaxRefits, model.Calls);
        Assert.Equal(before, session.Conversation.MessageCount);
    }

    [Fact]
    public async Task Other_failures_and_a_turn_without_history_are_not_refitted()
    {
        var failing = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Throw(new AideChatException("down") { Kind = ChatErrorKind.ServerError }) };
        var tooLong = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Throw(TooLong()) };

        var session = await _fixture.OpenAsync("t");

        await Assert.ThrowsAsync<AideChatException>(() => new ChatTurnRunner(failing).RunAsync(new ChatTurnRequest { Question = "Hi" }, session, Ct));
        await Assert.ThrowsAsync<AideChatException>(() => new ChatTurnRunner(tooLong).RunAsync(new ChatTurnRequest { Question = "Hi" }, Ct));

        Assert.Equal(1, failing.Calls);
        Assert.Equal(1, tooLong.Calls);
    }

    [Fact]
    public async Task An_answer_that_breaks_off_is_saved_as_far_as_it_came_marked_incomplete()
    {
        var model = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => BreakAfter("Partial", ct) };
        var session = await _fixture.OpenAsync("t");

        await Assert.ThrowsAsync<AideChatException>(() => new ChatTurnRunner(model).RunAsync(new ChatTurnRequest { Question = "Hi" }, session, Ct));

        var saved = await _fixture.Store.GetMessagesAsync(session.Conversation.Id, Ct);
        Assert.Equal(["Hi", "Partial"], saved.Select(m => m.Content));
        Assert.True(TurnMetadata.IsIncomplete(saved[1].Metadata));
    }

    [Fact]
    public async Task A_cancelled_turn_takes_the_question_back_even_after_text_arrived()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var model = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => BreakAfter("Partial", ct) };
        var session = await _fixture.OpenAsync("t");
        var request = new ChatTurnRequest { Question = "Hi", OnUpdate = (_, _) => { cancel.Cancel(); return default; } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ChatTurnRunner(model).RunAsync(request, session, cancel.Token));

        Assert.Equal(0, session.Conversation.MessageCount);
    }

    [Fact]
    public async Task A_history_in_memory_keeps_answered_turns_and_drops_a_failed_question()
    {
        var answers = new Queue<IAsyncEnumerable<ChatResponseUpdate>>([Stream("first"), Throw(new AideChatException("down") { Kind = ChatErrorKind.ServerError }), Stream("third")]);
        var sent = new List<string[]>();
        var model = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (messages, _, _) =>
            {
                sent.Add([.. messages.Select(m => m.Text)]);
                return answers.Dequeue();
            },
        };
        var history = new ChatMessageHistory();
        var runner = new ChatTurnRunner(model);

        await runner.RunAsync(new ChatTurnRequest { Question = "one", SystemPrompt = "sys" }, history, Ct);
        await Assert.ThrowsAsync<AideChatException>(() => runner.RunAsync(new ChatTurnRequest { Question = "two", SystemPrompt = "sys" }, history, Ct));
        await runner.RunAsync(new ChatTurnRequest { Question = "three", SystemPrompt = "sys" }, history, Ct);

        Assert.Equal(["sys", "one", "first", "three"], sent[2]);
        Assert.Equal(["one", "first", "three", "third"], history.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Through_Aides_pipeline_the_result_names_the_provider_that_answered_and_a_cache_hit()
    {
        var first = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "a");
        var second = new ProviderSettings(ProviderKind.Ollama, "http://127.0.0.1:2", "b");
        var failing = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Throw(new AideChatException("down") { Kind = ChatErrorKind.ServerError }) };
        var answering = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Stream("from b") };
        using var cache = ResponseCache.Create(new ResponseCacheOptions());
        var services = new TestServices(new ResponseCacheLayer(cache, new ChatCacheOptions { Mode = ChatCacheMode.ReadWrite }));
        using var client = AideChatClientFactory.Build([first, second], p => p == first ? failing : answering, new ProviderOptions { Providers = [first, second] }, new ResilienceOptions { Retries = 0 }, services);
        var runner = new ChatTurnRunner(client);

        var answered = await runner.RunAsync(new ChatTurnRequest { Question = "Hi" }, Ct);
        var replayed = await runner.RunAsync(new ChatTurnRequest { Question = "Hi" }, Ct);

        Assert.Equal((second, false, "from b"), (answered.Provider, answered.FromCache, answered.Text));
        // The cached answer is the one provider b gave, and says so.
        Assert.Equal((second, true, "from b"), (replayed.Provider, replayed.FromCache, replayed.Text));
    }
}
