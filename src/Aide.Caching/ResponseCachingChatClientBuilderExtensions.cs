using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Aide.Caching;

/// <summary>Adds the response cache to a chat pipeline.</summary>
public static class ResponseCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Answers repeated requests from <paramref name="cache"/> (or the container's <see cref="ResponseCache"/>); without a
    /// cache, or with <see cref="ChatCacheMode.Off"/>, this adds nothing. Add it after the options are configured, so the
    /// key sees the model and temperature actually sent.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="providerIdentity">What distinguishes the provider in keys (kind and address; never a key).</param>
    /// <param name="providerKind">The provider kind, for the <c>provider:</c> tag.</param>
    /// <param name="model">The model, for the <c>model:</c> tag.</param>
    /// <param name="cache">The cache; <see langword="null"/> takes it from the services.</param>
    /// <param name="options">Mode, sampled requests and lifetime; <see langword="null"/> takes them from the services, else defaults.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseAideCache(this ChatClientBuilder builder, string providerIdentity, string providerKind, string? model, ResponseCache? cache = null, ChatCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(providerIdentity);
        ArgumentNullException.ThrowIfNull(providerKind);
        return builder.Use((inner, services) =>
        {
            var store = cache ?? services.GetService<ResponseCache>();
            var settings = options ?? services.GetService<ChatCacheOptions>() ?? new ChatCacheOptions();
            return store is null || settings.Mode == ChatCacheMode.Off
                ? inner
                : new ResponseCachingChatClient(inner, store, settings, providerIdentity, providerKind, model);
        });
    }
}
