using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>
/// A response cache the chat pipeline consults before its providers, found in the services given to
/// <see cref="Pipeline.AideChatClientFactory"/> (Aide.Caching registers one over its <c>ResponseCache</c>). It sits below the
/// options layer, so its keys see the model and temperature actually sent, and above failover, so a cached answer
/// costs no provider a call. Answers it serves carry <see cref="ResponseCacheMarker"/>.
/// </summary>
public interface IChatCacheLayer
{
    /// <summary>Wraps the pipeline's providers with the cache, or returns them as they are when caching is off.</summary>
    /// <param name="providers">The failover chain below the cache.</param>
    /// <param name="scope">What tells this pipeline's answers apart from other pipelines', and how to tag them.</param>
    /// <returns>The client the layers above call.</returns>
    IChatClient Wrap(IChatClient providers, ChatCacheScope scope);
}
