using Aide.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Aide.Chat;

/// <summary>Adds chat events to a pipeline.</summary>
public static class EventPublishingChatClientBuilderExtensions
{
    /// <summary>
    /// Publishes <see cref="ChatRequestStarted"/>, <see cref="ChatResponseCompleted"/> and <see cref="ChatRequestFailed"/>
    /// on <paramref name="bus"/> (or the container's <see cref="IEventBus"/>) for every call. Add it first, so it sees outcomes after retries.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="providerName">How events name the provider (never include a key).</param>
    /// <param name="bus">The bus; <see langword="null"/> takes it from the services, and without one this adds nothing.</param>
    /// <param name="defaultModel">The model reported when a call's options name none.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseAideEvents(this ChatClientBuilder builder, string providerName, IEventBus? bus = null, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(providerName);
        return builder.Use((inner, services) => (bus ?? services.GetService<IEventBus>()) is { } events
            ? new EventPublishingChatClient(inner, events, providerName, defaultModel, services.GetService<TimeProvider>() ?? TimeProvider.System)
            : inner);
    }
}
