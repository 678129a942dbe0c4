using Aide.Configuration;
using Aide.Events;
using Aide.Pipeline;
using Aide.Testing;
using Microsoft.Extensions.AI;

namespace Aide.Providers.Local.Tests;

/// <summary>The local provider through the registry and Aide's whole chat pipeline.</summary>
public sealed class ProviderRegistryTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public void Availability_is_known_without_loading_the_provider()
    {
        using var registry = new ProviderRegistry();
        LocalModelProvider.Register(registry, fixture.Store);

        var availability = registry.CheckAvailability(new ProviderSettings(ProviderKind.Local, fixture.ModelPath));

        Assert.True(availability.IsAvailable, availability.Detail);
        Assert.Contains("llama", availability.Detail, StringComparison.Ordinal);
        Assert.False(registry.IsLoaded(ProviderKind.Local));
    }

    [Fact]
    public void The_first_resolution_loads_and_later_ones_return_the_same_provider()
    {
        using var registry = new ProviderRegistry();
        LocalModelProvider.Register(registry, fixture.Store);

        var first = registry.Resolve(ProviderKind.Local);

        Assert.True(registry.IsLoaded(ProviderKind.Local));
        Assert.Same(first, registry.Resolve(ProviderKind.Local));
    }

    [Fact]
    public async Task A_chat_turn_runs_through_the_pipeline_with_events_naming_the_local_model()
    {
        using var registry = new ProviderRegistry();
        LocalModelProvider.Register(registry, fixture.Store);
        await using var bus = AideEventBus.Create();
        var completed = new List<ChatResponseCompleted>();
        using var subscription = bus.Subscribe<ChatResponseCompleted>(completed.Add);
        var services = new ServiceMap().With<IEventBus>(bus).With(registry);
        var provider = new ProviderSettings(ProviderKind.Local, fixture.ModelPath);
        using var client = AideChatClientFactory.Create(new ProviderOptions { Providers = [provider] }, services: services);

        var text = new System.Text.StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken: TestContext.Current.CancellationToken))
        {
            text.Append(update.Text);
        }

        Assert.Equal(TinyLlamaModel.Answer, text.ToString());
        var done = Assert.Single(completed);
        Assert.Equal(26, done.OutputTokens);
        Assert.Contains("local=", done.Provider, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_without_the_local_provider_says_so()
    {
        using var registry = new ProviderRegistry();

        var availability = registry.CheckAvailability(new ProviderSettings(ProviderKind.Local, fixture.ModelPath));

        Assert.False(availability.IsAvailable);
        Assert.Contains("not part of this application", availability.Detail, StringComparison.Ordinal);
    }

    /// <summary>A minimal service provider: the pipeline asks for a handful of services by type.</summary>
    private sealed class ServiceMap : IServiceProvider
    {
        private readonly Dictionary<Type, object> _services = [];

        public ServiceMap With<T>(T service)
            where T : notnull
        {
            _services[typeof(T)] = service;
            return this;
        }

        public object? GetService(Type serviceType) => _services.GetValueOrDefault(serviceType);
    }
}
