using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Aide.Configuration;
using Aide.Events;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Providers.OpenAI;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Cli.Tests;

/// <summary>Failover between two real loopback providers: through the library pipeline (breaker timing on a fake clock) and through <c>aide ask</c>.</summary>
public sealed class FailoverTests : LoopbackTestBase
{
    private LoopbackOpenAIServer _second = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _second = await LoopbackOpenAIServer.StartAsync();
        _second.Default = Respond.Answer("from second");
        Home.Environment["AIDE_HISTORY"] = "false";
        Home.Environment["AIDE_CACHE"] = "false";
    }

    [Fact]
    public async Task First_fails_its_breaker_opens_the_second_answers_then_the_first_recovers_and_takes_over()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        await using var bus = AideEventBus.Create(timeProvider: time);
        var events = new List<AideEvent>();
        using var subscription = bus.Subscribe<AideEvent>(e =>
        {
            lock (events)
            {
                events.Add(e);
            }
        });
        var circuits = new ProviderCircuits(new CircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(10) }, bus, time);
        var first = new ProviderSettings(ProviderKind.OpenAI, Server.BaseUrl, Respond.Model);
        var second = new ProviderSettings(ProviderKind.OpenAI, _second.BaseUrl, Respond.Model);
        using var client = AideChatClientFactory.Create(new ProviderOptions { Providers = [first, second] }, new ResilienceOptions { Retries = 0 }, new Services(bus, time, circuits));
        Server.Default = Respond.Error(503, "overloaded");

        var answers = new List<string>();
        async Task AskAsync()
        {
            var text = new System.Text.StringBuilder();
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                text.Append(update.Text);
            }

            answers.Add(text.ToString());
        }

        await AskAsync(); // first: 503 → second answers
        await AskAsync(); // first: 503 again → its breaker opens → second answers
        await AskAsync(); // first refused without a call → second answers
        Assert.Equal(2, Server.ChatRequests.Count);

        Server.Default = Respond.Answer("from first");
        time.Advance(TimeSpan.FromSeconds(10));
        await AskAsync(); // the break is over: the probe reaches the first, which answers and takes over
        await AskAsync();

        Assert.Equal(["from second", "from second", "from second", "from first", "from first"], answers);
        Assert.Equal(4, Server.ChatRequests.Count);
        Assert.Equal(3, _second.ChatRequests.Count);
        var firstName = $"openai={Server.BaseUrl}";
        var secondName = $"openai={_second.BaseUrl}";
        string[] expected =
        [
            "ChatRequestStarted", $"ProviderFailover {firstName} → {secondName}", $"ChatResponseCompleted {secondName}",
            "ChatRequestStarted", $"CircuitBreakerStateChanged Closed → Open", $"ProviderFailover {firstName} → {secondName}", $"ChatResponseCompleted {secondName}",
            "ChatRequestStarted", $"ProviderFailover {firstName} → {secondName}", $"ChatResponseCompleted {secondName}",
            "ChatRequestStarted", "CircuitBreakerStateChanged Open → HalfOpen", "CircuitBreakerStateChanged HalfOpen → Closed", $"ChatResponseCompleted {firstName}",
            "ChatRequestStarted", $"ChatResponseCompleted {firstName}",
        ];
        lock (events)
        {
            Assert.Equal(expected, events.Select(Describe));
        }
    }

    [Fact]
    public async Task Aide_ask_with_two_providers_answers_from_the_second_when_the_first_is_down()
    {
        var dead = ClosedPort.OpenAIAddress();

        var result = await AideProcess.RunAsync(Home, "ask", "--json", "--provider", $"openai={dead}", "--provider", $"openai={_second.BaseUrl}", "Hi");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("from second", json["text"]!.GetValue<string>());
        Assert.Equal(_second.BaseUrl, json["address"]!.GetValue<string>());
        var journal = await AideProcess.RunAsync(Home, "events", "--json", "--type", "ProviderFailover");
        var failover = JsonNode.Parse(journal.Stdout.Trim())!;
        Assert.Equal($"openai={dead}", failover["from"]!.GetValue<string>());
        Assert.StartsWith("Unreachable", failover["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_provider_fails_the_error_names_each_of_them()
    {
        _second.Default = Respond.Error(401, "bad key");

        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={ClosedPort.OpenAIAddress()}", "--provider", $"openai={_second.BaseUrl}", "Hi");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("All 2 providers failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(1)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(2)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_one_provider_every_retry_is_made_and_the_error_keeps_the_servers_status()
    {
        _second.Default = Respond.Error(500, "broken", ("Retry-After", "0"));

        var result = await AideProcess.RunAsync(Home, "ask", "--json", "--retries", "5", "--provider", $"openai={_second.BaseUrl}", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(6, _second.ChatRequests.Count); // the breaker opened after two, but never cut the retries short
        var error = JsonNode.Parse(result.Stdout)!["error"]!;
        Assert.Equal(("serverError", 500), (error["kind"]!.GetValue<string>(), error["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Two_503s_then_an_answer_succeed_with_default_settings()
    {
        _second.Enqueue(Respond.Error(503, "warming up", ("Retry-After", "0")), Respond.Error(503, "warming up", ("Retry-After", "0")), Respond.Answer("ready"));

        var result = await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={_second.BaseUrl}", "Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ready\n", result.Stdout);
    }

    public override async ValueTask DisposeAsync()
    {
        await _second.DisposeAsync();
        await base.DisposeAsync();
    }

    private static string Describe(AideEvent e) => e switch
    {
        ProviderFailover f => $"ProviderFailover {f.From} → {f.To}",
        ChatResponseCompleted c => $"ChatResponseCompleted {c.Provider}",
        CircuitBreakerStateChanged b => $"CircuitBreakerStateChanged {b.From} → {b.To}",
        _ => e.GetType().Name,
    };

    private sealed class Services(IEventBus bus, TimeProvider time, ProviderCircuits circuits) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEventBus) ? bus
            : serviceType == typeof(TimeProvider) ? time
            : serviceType == typeof(ProviderCircuits) ? circuits
            : serviceType == typeof(ProviderRegistry) ? Registry
            : null;

        private static ProviderRegistry Registry { get; } = new ProviderRegistry().AddOpenAI();
    }
}
