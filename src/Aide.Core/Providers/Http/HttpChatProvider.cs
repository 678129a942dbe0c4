using System.ClientModel;
using System.ClientModel.Primitives;
using Aide.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OllamaSharp.Models;
using OpenAI;

namespace Aide.Providers.Http;

/// <summary>The built-in HTTP providers: OpenAI-compatible endpoints (OpenAI SDK) and Ollama (OllamaSharp).</summary>
internal sealed class HttpChatProvider : IChatProvider
{
    /// <summary>Placeholder sent to OpenAI-compatible servers that need no key (llama.cpp, vLLM, LM Studio).</summary>
    private const string NoKey = "no-key";

    /// <summary>A backstop only: Aide's own <see cref="TimeoutChatClient"/> fires first and gives the clearer error.</summary>
    private static readonly TimeSpan NetworkBackstop = TimeSpan.FromSeconds(10);

    public IChatClient CreateClient(ProviderSettings provider, ProviderOptions options) => provider.Kind switch
    {
        ProviderKind.OpenAI => CreateOpenAI(provider, options.Timeout, options.MaxAnswerBytes),
        ProviderKind.Ollama => WithContext(CreateOllama(provider, options.MaxAnswerBytes), options.ContextTokens),
        _ => throw new ArgumentException($"{provider} is not an HTTP provider.", nameof(provider)),
    };

    /// <summary>
    /// Ollama runs a model with its own default context (2,048 or 4,096 tokens by version, or the Modelfile's) and cuts
    /// longer prompts silently: a configured window is asked of it explicitly.
    /// </summary>
    internal static IChatClient WithContext(IChatClient ollama, int? contextTokens) =>
        contextTokens is { } context
            ? new ChatClientBuilder(ollama).ConfigureOptions(o => o.AddOllamaOption(OllamaOption.NumCtx, context)).Build()
            : ollama;

    private static IChatClient CreateOpenAI(ProviderSettings provider, TimeSpan timeout, long maxAnswerBytes)
    {
        var http = new HttpClient(new ReplyGuardHandler(provider.ToString(), maxAnswerBytes, openAICompatible: true) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) } })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(http),
            Endpoint = new Uri(provider.Address),
            // Retries belong to Aide's pipeline (RetryingChatClient), which knows about streaming and failover.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout + NetworkBackstop,
            UserAgentApplicationId = "aide",
        };
        var client = new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? NoKey), options);
        return client.GetChatClient(provider.Model ?? AideDefaults.OpenAIModel).AsIChatClient();
    }

    private static OllamaApiClient CreateOllama(ProviderSettings provider, long maxAnswerBytes)
    {
        var guard = new ReplyGuardHandler(provider.ToString(), maxAnswerBytes, openAICompatible: false) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) } };
        var http = new HttpClient(guard)
        {
            BaseAddress = new Uri(provider.Address + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // With a JSON context, OllamaSharp serializes through source-generated code; without one it uses reflection, which
        // the aide executable (native AOT, and its JIT build with the same switches) does not allow: every request failed.
        return new OllamaApiClient(http, provider.Model ?? AideDefaults.OllamaModel, OllamaJsonContext.Default);
    }
}
