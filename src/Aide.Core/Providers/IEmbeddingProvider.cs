using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>A loaded provider kind that also turns text into embeddings (an <see cref="IChatProvider"/> may implement it).</summary>
public interface IEmbeddingProvider
{
    /// <summary>Creates the raw embedding generator for one configured provider and embedding model.</summary>
    /// <param name="provider">The configured provider.</param>
    /// <param name="model">The embedding model (e.g. <c>text-embedding-3-small</c>, <c>nomic-embed-text</c>, a local model's name).</param>
    /// <param name="options">What is asked of every provider (timeout backstop, reply size bound).</param>
    /// <returns>The generator.</returns>
    IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model, ProviderOptions options);
}
