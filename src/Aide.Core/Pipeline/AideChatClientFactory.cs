using Aide.Chat;
using Aide.Configuration;
using Aide.Diagnostics;
using Aide.Providers;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aide.Pipeline;

/// <summary>
/// Builds Aide's chat pipeline: events → telemetry → options → response cache → failover, and per provider
/// circuit breaker → retries → timeout → provider.
/// </summary>
public static class AideChatClientFactory
{
    /// <summary>Creates the pipeline over <see cref="ProviderOptions.Providers"/>: each request goes to the first that answers.</summary>
    /// <param name="options">The providers and what is asked of them; validated here, each out-of-range option named.</param>
    /// <param name="resilience">Retries and breakers; defaults when <see langword="null"/>.</param>
    /// <param name="services">Services, or <see langword="null"/>: <see cref="Events.IEventBus"/>, <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/>,
    /// <see cref="IChatCacheLayer"/> (none: every call reaches a provider),
    /// <see cref="ProviderCircuits"/> (shared breakers, e.g. with the health monitor; otherwise the pipeline has its own),
    /// and <see cref="ProviderRegistry"/> (required: the provider kinds this application has).</param>
    /// <returns>A chat client; dispose it when done.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is out of range.</exception>
    /// <exception cref="AideConfigurationException">A provider's kind is not registered.</exception>
    public static IChatClient Create(ProviderOptions options, ResilienceOptions? resilience = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionChecks.ThrowIfInvalid(new ProviderOptionsValidator(), options);
        resilience ??= new ResilienceOptions();
        OptionChecks.ThrowIfInvalid(new ResilienceOptionsValidator(), resilience);
        var registry = services?.GetService<ProviderRegistry>()
            ?? throw new InvalidOperationException("No provider kinds are registered: pass a ProviderRegistry in the services (new ProviderRegistry().AddOpenAI(), from Aide.Providers.OpenAI), or use services.AddAide(…).AddOpenAIProvider().");
        if (options.Providers.FirstOrDefault(p => !registry.IsRegistered(p.Kind)) is { } missing)
        {
            throw new AideConfigurationException(ProviderRegistry.NotInBuild(missing.Kind)) { Key = "provider kind" };
        }

        return Build([.. options.Providers], p => registry.CreateClient(p, options), options, resilience, services);
    }

    /// <summary>Builds the pipeline over providers created by <paramref name="connect"/> when first needed (tests and benchmarks wrap their own clients).</summary>
    internal static IChatClient Build(IReadOnlyList<ProviderSettings> providers, Func<ProviderSettings, IChatClient> connect, ProviderOptions options, ResilienceOptions resilience, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentOutOfRangeException.ThrowIfZero(providers.Count);
        var loggerFactory = services?.GetService<ILoggerFactory>();
        var bus = services?.GetService<Events.IEventBus>();
        var timeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        var circuits = services?.GetService<ProviderCircuits>() ?? new ProviderCircuits(resilience.Breaker, bus, timeProvider);
        var primary = providers[0];

        var routes = providers.Select(p => new ProviderRoute(p.Name, () => new ChatClientBuilder(connect(p))
            .ConfigureOptions(o => o.ModelId ??= p.Model)
            .Use(inner => new CircuitBreakingChatClient(inner, circuits.For(p.Name)))
            .UseAideRetries(resilience.Retries, resilience.RetryBaseDelay, resilience.MaxRetryAfter)
            .UseAideTimeout(options.Timeout, p.ToString())
            .Build(services))).ToArray();
        var metadata = new ChatClientMetadata(primary.KindName, Uri.TryCreate(primary.DisplayAddress, UriKind.Absolute, out var uri) ? uri : null, primary.Model);

        // Cache keys tell provider lists apart by kind, address and model (never the API key); the model is in the
        // identity because each provider of the list fills in its own default model below the cache.
        var identity = string.Join(" | ", providers.Select(p => p.ToString()));
        var builder = new ChatClientBuilder(new ProviderFailoverChatClient(routes, new ProviderRoster(providers), metadata, bus, timeProvider))
            .UseFunctionInvocation(loggerFactory, ConfigureToolLoop(options))
            .UseAideEvents(primary.Name, defaultModel: primary.Model);
        if (options.Telemetry)
        {
            builder.UseOpenTelemetry(loggerFactory, AideDiagnostics.ActivitySourceName);
        }

        var cache = services?.GetService<IChatCacheLayer>();
        var scope = new ChatCacheScope(identity, primary.KindName, primary.Model);
        return builder
            .ConfigureOptions(o =>
            {
                o.Temperature ??= options.Temperature;
                o.MaxOutputTokens ??= options.MaxOutputTokens;
            })
            .Use(inner => cache?.Wrap(inner, scope) ?? inner)
            .Build(services);
    }

    /// <summary>
    /// The tool loop sits outside every other layer, so each of its model round trips goes through events, the cache
    /// (which answers only a whole loop of read-only tools: ResponseCachingChatClient), failover, breakers and retries.
    /// Tools run one at a time: an approval prompt is one question at a time, and the calls of a round may depend on
    /// each other's effects. Errors reach the model as the guard words them (ToolGuard), never as a stack trace.
    /// </summary>
    private static Action<FunctionInvokingChatClient> ConfigureToolLoop(ProviderOptions options) => loop =>
    {
        loop.MaximumIterationsPerRequest = options.MaxToolRounds;
        loop.AllowConcurrentInvocation = false;
        loop.IncludeDetailedErrors = false;
    };
}
