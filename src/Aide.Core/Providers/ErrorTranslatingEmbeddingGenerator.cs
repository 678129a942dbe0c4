using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>Turns an embedding SDK's exceptions into <see cref="Chat.AideChatException"/>s, as <see cref="ErrorTranslatingChatClient"/> does for chat.</summary>
internal sealed class ErrorTranslatingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ProviderSettings provider)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }
        catch (Exception ex) when (ErrorTranslatingChatClient.Translates(ex, cancellationToken) && ex is not Chat.AideChatException)
        {
            throw ErrorTranslatingChatClient.Translate(ex, provider, answerStarted: false);
        }
    }
}
