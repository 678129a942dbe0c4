using System.ClientModel;
using System.ClientModel.Primitives;
using Aide.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Aide.Providers;

/// <summary>The built-in HTTP providers: OpenAI-compatible endpoints (OpenAI SDK) and Ollama (OllamaSharp).</summary>
internal sealed class HttpChatProvider : IChatProvider
{
    /// <summary>Placeholder sent to OpenAI-compatible servers that need no key (llama.cpp, vLLM, LM Studio).</summary>
    private const string NoKey = "no-key";

    /// <summary>A backstop only: Aide's own <see cref="TimeoutChatClient"/> fires first and gives the clearer error.</summary>
    private static readonly TimeSpan NetworkBackstop = TimeSpan.FromSeconds(10);

    private HttpChatProvider()
    {
    }

    public static HttpChatProvider Instance { get; } = new();

    public IChatClient CreateClient(ProviderSettings provider, TimeSpan timeout) => provider.Kind switch
    {
        ProviderKind.OpenAI => CreateOpenAI(provider, timeout),
        ProviderKind.Ollama => CreateOllama(provider),
        _ => throw new ArgumentException($"{provider} is not an HTTP provider.", nameof(provider)),
    };

    private static IChatClient CreateOpenAI(ProviderSettings provider, TimeSpan timeout)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(provider.Address),
            // Retries belong to Aide's pipeline (RetryingChatClient), which knows about streaming and failover.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout + NetworkBackstop,
            UserAgentApplicationId = "aide",
        };
        var client = new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? NoKey), options);
        return client.GetChatClient(provider.Model ?? AideDefaults.OpenAIModel).AsIChatClient();
    }

    private static OllamaApiClient CreateOllama(ProviderSettings provider)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = new Uri(provider.Address + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // With a JSON context, OllamaSharp serializes through source-generated code; without one it uses reflection, which
        // the aide executable (native AOT, and its JIT build with the same switches) does not allow: every request failed.
        return new OllamaApiClient(http, provider.Model ?? AideDefaults.OllamaModel, OllamaJsonContext.Default);
    }
}
