using Aide.Chat;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// Puts a <see cref="ResponseCache"/> into pipelines built by <see cref="Pipeline.AideChatClientFactory"/>: register it in the
/// services the factory reads (<c>services.AddAide().AddResponseCache(…)</c> does).
/// </summary>
/// <param name="cache">The cache.</param>
/// <param name="options">Mode, sampled requests and lifetime; defaults when <see langword="null"/>.</param>
public sealed class ResponseCacheLayer(ResponseCache cache, ChatCacheOptions? options = null) : IChatCacheLayer
{
    private readonly ResponseCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    private readonly ChatCacheOptions _options = options ?? new ChatCacheOptions();

    /// <inheritdoc />
    public IChatClient Wrap(IChatClient providers, ChatCacheScope scope)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(scope);
        return _options.Mode == ChatCacheMode.Off
            ? providers
            : new ResponseCachingChatClient(providers, _cache, _options, scope.Identity, scope.ProviderKind, scope.Model);
    }
}
