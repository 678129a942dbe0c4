using Aide.Configuration;
using Aide.Providers.Http;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OllamaSharp.Models;

namespace Aide.Providers.Ollama;

/// <summary>Ollama, through OllamaSharp.</summary>
internal sealed class OllamaChatProvider : IChatProvider, IEmbeddingProvider
{
    public IChatClient CreateClient(ProviderSettings provider, ProviderOptions options) =>
        WithContext(Client(provider, provider.Model ?? AideDefaults.OllamaModel, options), options.ContextTokens);

    /// <summary>OllamaSharp's client is its own embedding generator (Ollama's /api/embed).</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model, ProviderOptions options) =>
        Client(provider, model, options);

    private static OllamaApiClient Client(ProviderSettings provider, string model, ProviderOptions options)
    {
        if (provider.Kind != ProviderKind.Ollama)
        {
            throw new ArgumentException($"{provider} is not an Ollama provider.", nameof(provider));
        }

        var guard = new ReplyGuardHandler(provider.ToString(), options.MaxAnswerBytes, openAICompatible: false) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) } };
        var http = new HttpClient(guard)
        {
            BaseAddress = new Uri(provider.Address + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };

        // With a JSON context, OllamaSharp serializes through source-generated code; without one it uses reflection, which
        // the aide executable (native AOT, and its JIT build with the same switches) does not allow: every request failed.
        return new OllamaApiClient(http, model, OllamaJsonContext.Default);
    }

    /// <summary>
    /// Ollama runs a model with its own default context (2,048 or 4,096 tokens by version, or the Modelfile's) and cuts
    /// longer prompts silently: a configured window is asked of it explicitly.
    /// </summary>
    internal static IChatClient WithContext(IChatClient ollama, int? contextTokens) =>
        contextTokens is { } context
            ? new ChatClientBuilder(ollama).ConfigureOptions(o => o.AddOllamaOption(OllamaOption.NumCtx, context)).Build()
            : ollama;
}
