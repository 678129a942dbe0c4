using Aide.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Chat;

/// <summary>Adds Aide's retry behaviour to a chat pipeline.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>
    /// Retries transient failures (<see cref="AideChatException.IsTransient"/>) with exponential backoff and jitter,
    /// honouring Retry-After up to <paramref name="maxRetryAfter"/>; streams only until the first chunk.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="retries">Retries after the first attempt; 0 disables retrying.</param>
    /// <param name="baseDelay">First backoff delay (default 500 ms); doubles each attempt.</param>
    /// <param name="maxRetryAfter">The longest Retry-After waited for (default 30 s); a longer one is reported instead.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseAideRetries(this ChatClientBuilder builder, int retries = AideDefaults.Retries, TimeSpan? baseDelay = null, TimeSpan? maxRetryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        return builder.Use((inner, services) => new RetryingChatClient(
            inner,
            retries,
            baseDelay ?? TimeSpan.FromMilliseconds(500),
            maxRetryAfter ?? AideDefaults.MaxRetryAfter,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger("Aide.Chat") ?? NullLogger.Instance,
            services.GetService<Events.IEventBus>()));
    }
}
