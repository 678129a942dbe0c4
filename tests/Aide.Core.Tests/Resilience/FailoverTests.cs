using Aide.Chat;
using Aide.Configuration;
using Aide.Events;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Resilience;

/// <summary>Breakers and failover over fake providers, in the real pipeline, on a <see cref="FakeTimeProvider"/>.</summary>
public sealed class FailoverTests : IAsyncDisposable
{
    private static readonly ProviderSettings First = new(ProviderKind.OpenAI, "http://first.test/v1", "m1");
    private static readonly ProviderSettings Second = new(ProviderKind.Ollama, "http://second.test", "m2");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly IEventBus _bus;
    private readonly List<AideEvent> _events = [];
    private readonly Dictionary<ProviderSettings, TestChatClient> _providers = new() { [First] = new(), [Second] = new() };

    public FailoverTests()
    {
        _bus = AideEventBus.Create(timeProvider: _time);
        _bus.Subscribe<AideEvent>(e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        });
        Answer(Second, "from second");
    }

    [Fact]
    public async Task An_unreachable_first_provider_hands_the_request_to_the_second()
    {
        Fail(First, ChatErrorKind.Unreachable);
        using var client = Create();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("from second", response.Text);
        Assert.Equal("ollama=http://second.test", ProviderStamp.AnsweredBy(response.AdditionalProperties));
        var failover = Assert.Single(Events<ProviderFailover>());
        Assert.Equal(("openai=http://first.test/v1", "ollama=http://second.test"), (failover.From, failover.To));
        Assert.StartsWith("Unreachable", failover.Reason, StringComparison.Ordinal);
        Assert.Equal("ollama=http://second.test", Assert.Single(Events<ChatResponseCompleted>()).Provider);
    }

    [Fact]
    public async Task Each_provider_gets_its_own_model()
    {
        var models = new List<string?>();
        _providers[First].GetResponseAsyncCallback = (_, options, _) =>
        {
            models.Add(options?.ModelId);
            throw new AideChatException("down") { Kind = ChatErrorKind.Unreachable };
        };
        _providers[Second].GetResponseAsyncCallback = (_, options, _) =>
        {
            models.Add(options?.ModelId);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        };
        using var client = Create();

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["m1", "m2"], models);
    }

    [Fact]
    public async Task A_request_every_provider_would_refuse_does_not_fail_over()
    {
        Fail(First, ChatErrorKind.BadRequest);
        using var client = Create();

        var error = await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ChatErrorKind.BadRequest, error.Kind);
        Assert.Equal(0, _providers[Second].Calls);
        Assert.Empty(Events<ProviderFailover>());
    }

    [Fact]
    public async Task When_all_fail_the_error_names_each_provider_and_keeps_the_last_kind()
    {
        Fail(First, ChatErrorKind.Unreachable);
        Fail(Second, ChatErrorKind.Timeout);
        using var client = Create();

        var error = await Assert.ThrowsAsync<AideChatException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ChatErrorKind.Timeout, error.Kind);
        Assert.Contains("All 2 providers failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("first down", error.Message, StringComparison.Ordinal);
        Assert.Contains("second down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_fail_over_before_their_first_chunk_but_never_after()
    {
        _providers[First].GetStreamingResponseAsyncCallback = (_, _, _) => Stream(failBefore: true);
        _providers[Second].GetStreamingResponseAsyncCallback = (_, _, _) => Stream(failBefore: false);
        using var client = Create();

        var received = new List<string>();
        var error = await Assert.ThrowsAsync<AideChatException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["partial"], received);
        Assert.Equal(ChatErrorKind.ConnectionLost, error.Kind);
        Assert.Single(Events<ProviderFailover>());
        Assert.Equal(1, _providers[Second].Calls);
    }

    [Fact]
    public async Task The_breaker_opens_refuses_without_calling_then_probes_and_closes()
    {
        using var client = Create(retries: 0);
        Fail(First, ChatErrorKind.ServerError);
        await Ask(client);
        await Ask(client); // second failure in the window: 2 of 2 failed → open
        var callsWhenOpened = _providers[First].Calls;

        await Ask(client);
        Assert.Equal(callsWhenOpened, _providers[First].Calls); // refused at once, straight to the second

        Answer(First, "from first");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("from second", (await Ask(client)).Text);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("from first", (await Ask(client)).Text); // the probe succeeds and the first takes over

        var transitions = Events<CircuitBreakerStateChanged>().Select(e => (e.Component, e.From, e.To)).ToArray();
        Assert.Equal(
            [
                ("openai=http://first.test/v1", CircuitState.Closed, CircuitState.Open),
                ("openai=http://first.test/v1", CircuitState.Open, CircuitState.HalfOpen),
                ("openai=http://first.test/v1", CircuitState.HalfOpen, CircuitState.Closed),
            ],
            transitions);
        var refusal = Events<ProviderFailover>()[2];
        Assert.StartsWith("CircuitOpen", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("next probe is allowed in", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again()
    {
        var circuits = new ProviderCircuits(new CircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(5) }, _bus, _time);
        using var client = Create(retries: 0, circuits);
        Fail(First, ChatErrorKind.Timeout);
        await Ask(client);
        await Ask(client);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Ask(client);

        Assert.Equal(CircuitState.Open, circuits.For("openai=http://first.test/v1").State);
        Assert.Equal(
            [CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open],
            Events<CircuitBreakerStateChanged>().Select(e => e.To));
    }

    [Fact]
    public async Task Errors_of_the_request_do_not_count_against_the_provider()
    {
        var circuits = new ProviderCircuits(bus: _bus, timeProvider: _time);
        using var client = Create(retries: 0, circuits);
        Fail(First, ChatErrorKind.BadRequest);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<AideChatException>(() => Ask(client));
        }

        Assert.Equal(CircuitState.Closed, circuits.For("openai=http://first.test/v1").State);
        Assert.Empty(Events<CircuitBreakerStateChanged>());
    }

    [Fact]
    public async Task The_breaker_never_cuts_short_the_retries_of_a_request_it_let_through()
    {
        var calls = 0;
        var only = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                calls++;
                throw new AideChatException("HTTP 500") { Kind = ChatErrorKind.ServerError, StatusCode = 500 };
            },
        };
        using var client = AideChatClientFactory.Build([First], _ => only, new ProviderOptions { Providers = [First] }, new ResilienceOptions { Retries = 5 }, new TestServices(_bus, _time, new ProviderCircuits(bus: _bus, timeProvider: _time)));

        var asking = Ask(client);
        while (!asking.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(30)); // the retries' backoff
            await Task.Yield();
        }

        var error = await Assert.ThrowsAsync<AideChatException>(() => asking);
        Assert.Equal(6, calls);
        Assert.Equal((ChatErrorKind.ServerError, 500), (error.Kind, error.StatusCode)); // the real failure, not the breaker's refusal
    }

    [Fact]
    public async Task Two_server_errors_then_an_answer_succeed_with_the_default_retries()
    {
        var outcomes = new Queue<bool>([false, false, true]);
        var flaky = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => outcomes.Dequeue()
                ? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")))
                : throw new AideChatException("HTTP 503") { Kind = ChatErrorKind.ServerError, StatusCode = 503 },
        };
        using var client = AideChatClientFactory.Build([First], _ => flaky, new ProviderOptions { Providers = [First] }, new ResilienceOptions(), new TestServices(_bus, _time, new ProviderCircuits(bus: _bus, timeProvider: _time)));

        var asking = Ask(client);
        while (!asking.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        Assert.Equal("ok", (await asking).Text);
    }

    [Fact]
    public async Task A_request_refused_by_an_open_breaker_still_reports_the_status_that_opened_it()
    {
        var circuits = new ProviderCircuits(bus: _bus, timeProvider: _time);
        var only = new TestChatClient { GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("HTTP 502") { Kind = ChatErrorKind.ServerError, StatusCode = 502 } };
        using var client = AideChatClientFactory.Build([First], _ => only, new ProviderOptions { Providers = [First] }, new ResilienceOptions { Retries = 0 }, new TestServices(_bus, _time, circuits));
        await Assert.ThrowsAsync<AideChatException>(() => Ask(client));
        await Assert.ThrowsAsync<AideChatException>(() => Ask(client)); // the breaker opens

        var refusal = await Assert.ThrowsAsync<AideChatException>(() => Ask(client));

        Assert.Equal((ChatErrorKind.CircuitOpen, 502), (refusal.Kind, refusal.StatusCode));
    }

    [Fact]
    public async Task When_all_fail_the_error_keeps_the_last_real_failure_not_a_breakers_refusal()
    {
        var circuits = new ProviderCircuits(bus: _bus, timeProvider: _time);
        var second = circuits.For("ollama=http://second.test");
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<AideChatException>(async () => await second.ExecuteAsync<int>(_ => throw new AideChatException("down") { Kind = ChatErrorKind.ServerError }, TestContext.Current.CancellationToken));
        }

        using var client = Create(retries: 0, circuits);
        _providers[First].GetResponseAsyncCallback = (_, _, _) => throw new AideChatException("HTTP 502") { Kind = ChatErrorKind.ServerError, StatusCode = 502 };

        var error = await Assert.ThrowsAsync<AideChatException>(() => Ask(client));

        Assert.Equal(CircuitState.Open, second.State);
        Assert.Equal((ChatErrorKind.ServerError, 502), (error.Kind, error.StatusCode));
    }

    public async ValueTask DisposeAsync() => await _bus.DisposeAsync();

    private static Task<ChatResponse> Ask(IChatClient client) => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(bool failBefore)
    {
        await Task.Yield();
        if (failBefore)
        {
            throw new AideChatException("refused") { Kind = ChatErrorKind.Unreachable };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        throw new AideChatException("dropped") { Kind = ChatErrorKind.ConnectionLost };
    }

    private IChatClient Create(int retries = 0, ProviderCircuits? circuits = null) =>
        AideChatClientFactory.Build(
            [First, Second],
            p => _providers[p],
            new ProviderOptions { Providers = [First, Second] },
            new ResilienceOptions { Retries = retries },
            new TestServices(_bus, _time, circuits ?? new ProviderCircuits(bus: _bus, timeProvider: _time)));

    private void Fail(ProviderSettings provider, ChatErrorKind kind) =>
        _providers[provider].GetResponseAsyncCallback = (_, _, _) =>
            throw new AideChatException(provider == First ? "first down" : "second down") { Kind = kind, Provider = provider.ToString() };

    private void Answer(ProviderSettings provider, string text) =>
        _providers[provider].GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

    private List<T> Events<T>()
        where T : AideEvent
    {
        lock (_events)
        {
            return [.. _events.OfType<T>()];
        }
    }
}
