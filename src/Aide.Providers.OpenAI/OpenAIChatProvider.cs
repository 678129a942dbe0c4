using System.ClientModel;
using System.ClientModel.Primitives;
using Aide.Chat;
using Aide.Configuration;
using Aide.Providers.Http;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aide.Providers.OpenAI;

/// <summary>OpenAI and every OpenAI-compatible endpoint (llama.cpp, vLLM, LM Studio), chat through <see cref="OpenAICompatibleChatClient"/>, embeddings through the official OpenAI SDK.</summary>
internal sealed class OpenAIChatProvider : IChatProvider, IEmbeddingProvider
{
    /// <summary>Placeholder sent to OpenAI-compatible servers that need no key (llama.cpp, vLLM, LM Studio).</summary>
    private const string NoKey = "no-key";

    /// <summary>A backstop only: Aide's own <see cref="TimeoutChatClient"/> fires first and gives the clearer error.</summary>
    private static readonly TimeSpan NetworkBackstop = TimeSpan.FromSeconds(10);

    public IChatClient CreateClient(ProviderSettings provider, ProviderOptions options)
    {
        ThrowIfNotOpenAI(provider);
        var http = Http(provider, options);
        http.Timeout = options.Timeout + NetworkBackstop;
        return new OpenAICompatibleChatClient(http, new Uri(provider.Address), provider.ApiKey, provider.Model ?? AideDefaults.OpenAIModel);
    }

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model, ProviderOptions options) =>
        Client(provider, options).GetEmbeddingClient(model).AsIEmbeddingGenerator();

    private static void ThrowIfNotOpenAI(ProviderSettings provider)
    {
        if (provider.Kind != ProviderKind.OpenAI)
        {
            throw new ArgumentException($"{provider} is not an OpenAI-compatible provider.", nameof(provider));
        }
    }

    private static HttpClient Http(ProviderSettings provider, ProviderOptions options)
    {
        var guard = new ReplyGuardHandler(provider.ToString(), options.MaxAnswerBytes, openAICompatible: true) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) } };
        return new HttpClient(guard) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The SDK, for embeddings (chat goes through <see cref="OpenAICompatibleChatClient"/>).</summary>
    private static OpenAIClient Client(ProviderSettings provider, ProviderOptions options)
    {
        ThrowIfNotOpenAI(provider);
        var sdkOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(Http(provider, options)),
            Endpoint = new Uri(provider.Address),
            // Retries belong to Aide's pipeline (RetryingChatClient), which knows about streaming and failover.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + NetworkBackstop,
            UserAgentApplicationId = "aide",
        };
        return new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? NoKey), sdkOptions);
    }
}
