using System.Diagnostics.CodeAnalysis;
using Aide;
using Aide.Conversations;
using Aide.Conversations.Window;
using Aide.Events;
using Aide.Events.Journal;
using Aide.Health;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Aide.Turns;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds Aide to a service collection the Microsoft.Extensions way: options per capability, validated at start
/// (<see cref="OptionsBuilderExtensions.ValidateOnStart{TOptions}"/>), and a builder each package extends.
/// </summary>
/// <example>
/// <code>
/// services.AddAide(o => o.Providers.Add(new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:8080/v1")))
///     .AddOpenAIProvider()
///     .AddResponseCache(o => o.Directory = cacheFolder)
///     .AddSqliteConversations(Path.Combine(dataFolder, "conversations.db"));
/// // then: ChatTurnRunner, ConversationSessionFactory, IChatClient, IEventBus, ProviderCircuits …
/// </code>
/// </example>
public static class AideServiceCollectionExtensions
{
    /// <summary>
    /// Adds the chat pipeline (<see cref="IChatClient"/>, built by <see cref="AideChatClientFactory"/>), the
    /// <see cref="ChatTurnRunner"/>, the event bus, the breakers (<see cref="ProviderCircuits"/>), the
    /// <see cref="ProviderRegistry"/> and the system <see cref="TimeProvider"/> unless one is registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the <see cref="ProviderOptions"/>: at least one provider.</param>
    /// <returns>A builder to add provider kinds and capabilities with.</returns>
    public static IAideBuilder AddAide(this IServiceCollection services, Action<ProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new AideBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AideBuilder)))
        {
            return builder;
        }

        services.AddSingleton(builder);
        AddValidated<ProviderOptions, ProviderOptionsValidator>(services);
        AddValidated<ResilienceOptions, ResilienceOptionsValidator>(services);
        AddValidated<ContextWindowOptions, ContextWindowOptionsValidator>(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAideEventBus();
        services.TryAddSingleton(sp =>
        {
            var registry = new ProviderRegistry();
            foreach (var registration in sp.GetServices<ProviderKindRegistration>())
            {
                registration.Apply(registry, sp);
            }

            return registry;
        });
        services.TryAddSingleton(sp => new ProviderCircuits(
            sp.GetRequiredService<IOptions<ResilienceOptions>>().Value.Breaker, sp.GetService<IEventBus>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => AideChatClientFactory.Create(
            sp.GetRequiredService<IOptions<ProviderOptions>>().Value, sp.GetRequiredService<IOptions<ResilienceOptions>>().Value, sp));
        services.TryAddSingleton(sp => new ChatTurnRunner(sp.GetRequiredService<IChatClient>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConversationSessionFactory(
            sp.GetRequiredService<IConversationStore>(),
            sp.GetRequiredService<IOptions<ContextWindowOptions>>().Value,
            sp.GetRequiredService<IOptions<ProviderOptions>>().Value.Providers.FirstOrDefault()?.Model,
            sp.GetService<IEventBus>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>Changes the <see cref="ResilienceOptions"/>: retries and each provider's breaker.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The changes.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder ConfigureResilience(this IAideBuilder builder, Action<ResilienceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Changes the <see cref="ContextWindowOptions"/> of the conversations <see cref="ConversationSessionFactory"/> opens.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The changes.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder ConfigureContextWindow(this IAideBuilder builder, Action<ContextWindowOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a provider kind to the container's <see cref="ProviderRegistry"/> (what <c>AddOpenAIProvider</c> and its peers call).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="register">Registers the kind, with the container's services at hand.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddProviderKind(this IAideBuilder builder, Action<ProviderRegistry, IServiceProvider> register)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(register);
        builder.Services.AddSingleton(new ProviderKindRegistration(register));
        return builder;
    }

    /// <summary>Writes every event of the bus to <c>events.jsonl</c> in <paramref name="directory"/> (rotated; read by <see cref="EventJournalReader"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The journal's folder (created, private to the user).</param>
    /// <param name="configure">Changes to the <see cref="EventJournalOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddEventJournal(this IAideBuilder builder, string directory, Action<EventJournalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        AddValidated<EventJournalOptions, EventJournalOptionsValidator>(builder.Services);
        builder.Services.AddSingleton(new EventBusAttachment((bus, sp) => EventJournal.Attach(
            bus, directory, sp.GetRequiredService<IOptions<EventJournalOptions>>().Value, sp.GetService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>())));
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="HealthMonitor"/> over Aide's checks (each provider, chat error rate, memory) and every
    /// <see cref="HealthCheckEntry"/> registered in the services (stores and caches add theirs), started with the host.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes to the <see cref="HealthMonitorOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddHealthMonitoring(this IAideBuilder builder, Action<HealthMonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        AddValidated<HealthMonitorOptions, HealthMonitorOptionsValidator>(services);
        services.TryAddSingleton(sp =>
        {
            var bus = sp.GetService<IEventBus>();
            var time = sp.GetRequiredService<TimeProvider>();
            var providers = sp.GetRequiredService<IOptions<ProviderOptions>>().Value.Providers;
            var aide = AideHealthChecks.Create([.. providers], sp.GetService<ProviderCircuits>(), bus, time, registry: sp.GetService<ProviderRegistry>());
            return new MonitoredChecks([.. aide, .. sp.GetServices<HealthCheckEntry>()]);
        });
        services.TryAddSingleton(sp => new HealthMonitor(
            sp.GetRequiredService<MonitoredChecks>().Entries,
            sp.GetRequiredService<IOptions<HealthMonitorOptions>>().Value,
            sp.GetService<IEventBus>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService<HealthMonitorService>();
        return builder;
    }

    private static void AddValidated<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
