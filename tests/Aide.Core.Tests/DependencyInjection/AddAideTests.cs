using Aide.Caching;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Health;
using Aide.Providers.OpenAI;
using Aide.Resilience;
using Aide.Turns;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aide.Core.Tests.DependencyInjection;

public sealed class AddAideTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aide-di-").FullName;
    private readonly LoopbackChatServer _server = new("Hello from the server");

    [Fact]
    public async Task A_host_composed_with_AddAide_runs_saved_turns_through_cache_store_journal_and_health()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAide(o => o.Providers.Add(new ProviderSettings(ProviderKind.OpenAI, _server.BaseUrl, "m")))
            .AddOpenAIProvider()
            .AddResponseCache(o => o.Directory = Path.Combine(_folder, "cache"))
            .AddSqliteConversations(Path.Combine(_folder, "conversations.db"))
            .AddEventJournal(Path.Combine(_folder, "events"))
            .AddHealthMonitoring(o => o.AutoRecovery = false);
        using (var host = builder.Build())
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            var runner = host.Services.GetRequiredService<ChatTurnRunner>();
            var sessions = host.Services.GetRequiredService<ConversationSessionFactory>();

            var first = await runner.RunAsync(new ChatTurnRequest { Question = "hi" }, await sessions.OpenAsync("one", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            var second = await runner.RunAsync(new ChatTurnRequest { Question = "hi" }, await sessions.OpenAsync("two", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

            Assert.Equal("Hello from the server", first.Text);
            Assert.Equal(ProviderKind.OpenAI, first.Provider?.Kind);
            Assert.False(first.FromCache);
            Assert.True(second.FromCache);
            Assert.Equal("Hello from the server", second.Text);
            Assert.Equal(1, _server.Requests);

            var store = host.Services.GetRequiredService<IConversationStore>();
            var saved = await store.FindAsync("one", TestContext.Current.CancellationToken);
            var messages = await store.GetMessagesAsync(saved!.Id, TestContext.Current.CancellationToken);
            Assert.Equal(["hi", "Hello from the server"], messages.Select(m => m.Content));

            var snapshot = await host.Services.GetRequiredService<HealthMonitor>().CheckAllAsync(TestContext.Current.CancellationToken);
            var names = snapshot.Components.Select(c => c.Name).ToList();
            Assert.Contains("cache", names);
            Assert.Contains("store conversations", names);
            Assert.Contains(names, n => n.StartsWith("provider ", StringComparison.Ordinal));
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        var journal = await File.ReadAllTextAsync(Path.Combine(_folder, "events", "events.jsonl"), TestContext.Current.CancellationToken);
        Assert.Contains("ChatResponseCompleted", journal, StringComparison.Ordinal);
        Assert.Contains("CacheHit", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_naming_each_option()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAide().AddOpenAIProvider().ConfigureResilience(o => o.Retries = 99);
        using var host = builder.Build();

        // Two options fail, so the host reports both at once (an AggregateException of OptionsValidationExceptions).
        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.All(error.InnerExceptions, e => Assert.IsType<OptionsValidationException>(e));
        var message = string.Join("\n", error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("Providers", message, StringComparison.Ordinal);
        Assert.Contains("Retries is 99", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_without_a_provider_kind_says_how_to_add_one()
    {
        var services = new ServiceCollection();
        services.AddAide(o => o.Providers.Add(new ProviderSettings(ProviderKind.OpenAI, _server.BaseUrl)));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<AideConfigurationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("AddOpenAIProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_set_through_the_builder_reach_the_shared_breakers_and_the_cache_layer()
    {
        var services = new ServiceCollection();
        services.AddAide(o => o.Providers.Add(new ProviderSettings(ProviderKind.OpenAI, _server.BaseUrl)))
            .AddOpenAIProvider()
            .ConfigureResilience(o => o.Breaker.BreakDuration = TimeSpan.FromMinutes(3))
            .AddResponseCache(configureChat: o => o.Mode = ChatCacheMode.Off);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromMinutes(3), provider.GetRequiredService<IOptions<ResilienceOptions>>().Value.Breaker.BreakDuration);
        Assert.Same(provider.GetRequiredService<ProviderCircuits>(), provider.GetRequiredService<ProviderCircuits>());
        Assert.Equal(ChatCacheMode.Off, provider.GetRequiredService<IOptions<ChatCacheOptions>>().Value.Mode);
        Assert.NotNull(provider.GetRequiredService<IChatClient>());
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
