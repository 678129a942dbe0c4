using Aide.Caching;
using Aide.Configuration;
using Aide.Diagnostics;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OllamaSharp.Models;

namespace Aide.Chat;

/// <summary>
/// Builds Aide's chat pipeline: events → telemetry → options → response cache → failover, and per provider
/// circuit breaker → retries → timeout → provider.
/// </summary>
public static class AideChatClientFactory
{
    private static readonly Lazy<ProviderRegistry> DefaultRegistry = new(() => ProviderRegistry.CreateDefault());

    /// <summary>Creates the pipeline for one provider.</summary>
    /// <param name="provider">The provider to talk to.</param>
    /// <param name="settings">Timeout, retries and default chat options.</param>
    /// <param name="services">Optional services (see <see cref="CreateWithFailover(IReadOnlyList{ProviderSettings}, AideSettings, IServiceProvider?)"/>).</param>
    /// <returns>A chat client; dispose it when done.</returns>
    public static IChatClient Create(ProviderSettings provider, AideSettings settings, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return CreateWithFailover([provider], settings, services);
    }

    /// <summary>Creates the pipeline for an ordered list of providers: each request goes to the first that answers.</summary>
    /// <param name="providers">The providers, in priority order; at least one.</param>
    /// <param name="settings">Timeout, retries and default chat options.</param>
    /// <param name="services">Services, or <see langword="null"/>: <see cref="Events.IEventBus"/>, <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/>,
    /// <see cref="Caching.ResponseCache"/> and <see cref="Caching.ChatCacheOptions"/> (no cache: every call reaches a provider),
    /// <see cref="ProviderCircuits"/> (shared breakers, e.g. with the health monitor; otherwise the pipeline has its own),
    /// <see cref="ProviderRegistry"/> (the provider kinds available, e.g. with local models; otherwise the built-in HTTP ones).</param>
    /// <returns>A chat client; dispose it when done.</returns>
    public static IChatClient CreateWithFailover(IReadOnlyList<ProviderSettings> providers, AideSettings settings, IServiceProvider? services = null) =>
        CreateWithFailover(providers, settings, services, openTelemetry: true);

    /// <summary>
    /// <see cref="CreateWithFailover(IReadOnlyList{ProviderSettings}, AideSettings, IServiceProvider?)"/>, with or without
    /// Microsoft.Extensions.AI's OpenTelemetry layer (the CLI leaves it out where nothing could observe it).
    /// </summary>
    internal static IChatClient CreateWithFailover(IReadOnlyList<ProviderSettings> providers, AideSettings settings, IServiceProvider? services, bool openTelemetry)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var registry = services?.GetService<ProviderRegistry>() ?? DefaultRegistry.Value;
        return Build(providers, p => registry.CreateClient(p, settings.Timeout), settings, services, openTelemetry);
    }

    /// <summary>Wraps an already created provider client in Aide's decorators (also used by the benchmarks).</summary>
    internal static IChatClient Build(IChatClient providerClient, ProviderSettings provider, AideSettings settings, IServiceProvider? services) =>
        Build([provider], _ => providerClient, settings, services);

    /// <summary>Builds the pipeline over providers created by <paramref name="connect"/> when first needed.</summary>
    internal static IChatClient Build(IReadOnlyList<ProviderSettings> providers, Func<ProviderSettings, IChatClient> connect, AideSettings settings, IServiceProvider? services, bool openTelemetry = true)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentOutOfRangeException.ThrowIfZero(providers.Count);
        var loggerFactory = services?.GetService<ILoggerFactory>();
        var bus = services?.GetService<Events.IEventBus>();
        var timeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        var circuits = services?.GetService<ProviderCircuits>() ?? new ProviderCircuits(bus: bus, timeProvider: timeProvider);
        var primary = providers[0];

        var routes = providers.Select(p => new ProviderRoute(NameOf(p), () => new ChatClientBuilder(connect(p))
            .ConfigureOptions(options =>
            {
                options.ModelId ??= p.Model;
                if (p.Kind == ProviderKind.Ollama && settings.ContextTokens is { } context)
                {
                    // Ollama runs a model with its own default context (2,048 or 4,096 tokens by version, or the
                    // Modelfile's) and cuts longer prompts silently: a configured window is asked of it explicitly.
                    options.AddOllamaOption(OllamaOption.NumCtx, context);
                }
            })
            .Use(inner => new CircuitBreakingChatClient(inner, circuits.For(NameOf(p))))
            .UseAideRetries(settings.Retries)
            .UseAideTimeout(settings.Timeout, p.ToString())
            .Build(services))).ToArray();
        var metadata = new ChatClientMetadata(primary.KindName, Uri.TryCreate(primary.DisplayAddress, UriKind.Absolute, out var uri) ? uri : null, primary.Model);

        // Cache keys tell provider lists apart by kind, address and model (never the API key); the model is in the
        // identity because each provider of the list fills in its own default model below the cache.
        var identity = string.Join(" | ", providers.Select(p => p.ToString()));
        var builder = new ChatClientBuilder(new ProviderFailoverChatClient(routes, new ProviderRoster(providers), metadata, bus, timeProvider))
            .UseAideEvents(NameOf(primary), defaultModel: primary.Model);
        if (openTelemetry)
        {
            builder.UseOpenTelemetry(loggerFactory, AideDiagnostics.ActivitySourceName);
        }

        return builder
            .ConfigureOptions(options =>
            {
                options.Temperature ??= settings.Temperature;
                options.MaxOutputTokens ??= settings.MaxOutputTokens;
            })
            .UseAideCache(identity, primary.KindName, primary.Model)
            .Build(services);
    }

    /// <summary>How events, breakers and failover name a provider: <c>kind=address</c>, with the address's secrets hidden.</summary>
    public static string NameOf(ProviderSettings provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return $"{provider.KindName}={provider.DisplayAddress}";
    }
}
