using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Aide.Chat;

/// <summary>Adds Aide's inactivity timeout to a chat pipeline.</summary>
public static class TimeoutChatClientBuilderExtensions
{
    /// <summary>
    /// Fails with <see cref="ChatErrorKind.Timeout"/> when the provider takes longer than <paramref name="timeout"/>
    /// to start answering, or to send the next streamed chunk.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="timeout">The inactivity limit.</param>
    /// <param name="providerName">How to name the provider in the error.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseAideTimeout(this ChatClientBuilder builder, TimeSpan timeout, string providerName = "The provider")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return builder.Use((inner, services) => new TimeoutChatClient(inner, timeout, services.GetService<TimeProvider>() ?? TimeProvider.System, providerName));
    }
}
