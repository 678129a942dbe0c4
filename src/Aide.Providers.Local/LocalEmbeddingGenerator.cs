using System.Text;
using Aide.Chat;
using Microsoft.Extensions.AI;

namespace Aide.Providers.Local;

/// <summary>
/// Embeddings from a local model through LLamaSharp's <see cref="LLama.LLamaEmbedder"/>, taking its turn in the model's
/// queue (the embedder's context is not thread-safe, and the CPU is the chat's too). Its own
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> adapter is not used: in LLamaSharp 0.30 it reads the pooling
/// type from a context the embedder has already disposed, and every call fails.
/// </summary>
internal sealed class LocalEmbeddingGenerator(LocalModel model) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("local", null, model.Name);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var turn = await model.Queue.EnterAsync(cancellationToken);
        var embedder = model.Embedder;
        if (options?.Dimensions is { } dimensions && dimensions != embedder.EmbeddingSize)
        {
            throw new AideChatException($"The local model '{model.Name}' makes {embedder.EmbeddingSize}-dimensional embeddings; it cannot make {dimensions}.")
            {
                Kind = ChatErrorKind.BadRequest,
                Provider = "local=" + model.Name,
            };
        }

        var embeddings = new List<Embedding<float>>();
        long tokens = 0;
        foreach (var text in values)
        {
            var vectors = await embedder.GetEmbeddings(text, cancellationToken);
            embeddings.Add(new Embedding<float>(vectors[0]) { ModelId = model.Name });
            tokens += model.Weights.Tokenize(text, add_bos: true, special: false, Encoding.UTF8).Length;
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens } };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : null;

    public void Dispose()
    {
        // The model owns the embedder.
    }
}
