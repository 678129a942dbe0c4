using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>The response cache in front of an embedding generator: the same text, model and options give the stored vectors.</summary>
public static class ResponseCachingEmbeddings
{
    /// <summary>
    /// Puts Microsoft.Extensions.AI's <see cref="DistributedCachingEmbeddingGenerator{TInput, TEmbedding}"/> over
    /// <paramref name="cache"/> in front of <paramref name="generator"/>, keyed also by the provider, so two providers'
    /// models of the same name never share vectors.
    /// </summary>
    /// <param name="generator">The provider's generator.</param>
    /// <param name="cache">The response cache.</param>
    /// <param name="providerIdentity">The provider's identity (kind and address).</param>
    /// <returns>The caching generator.</returns>
    public static IEmbeddingGenerator<string, Embedding<float>> WithResponseCache(this IEmbeddingGenerator<string, Embedding<float>> generator, ResponseCache cache, string providerIdentity)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(cache);
        return new EmbeddingGeneratorBuilder<string, Embedding<float>>(generator)
            .UseDistributedCache(cache, caching => caching.CacheKeyAdditionalValues = ["aide-embeddings-1", providerIdentity])
            .Build();
    }
}
