using Aide.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Chat;

public sealed class ProviderOptionsTests
{
    [Theory]
    [InlineData(ProviderKind.Ollama, 8192, 8192)]
    [InlineData(ProviderKind.Ollama, null, null)]
    [InlineData(ProviderKind.OpenAI, 8192, null)]
    public async Task Ollama_is_asked_for_the_configured_context_and_left_to_its_own_otherwise(ProviderKind kind, int? contextTokens, int? expected)
    {
        var provider = new ProviderSettings(kind, "http://127.0.0.1:1", "m");
        ChatOptions? seen = null;
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                seen = options;
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
            },
        };
        using var client = AideChatClientFactory.Build(inner, provider, new AideSettings { ContextTokens = contextTokens, Retries = 0 }, null);

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        Assert.Equal(expected, seen.AdditionalProperties?.TryGetValue("num_ctx", out var value) == true ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_OpenTelemetry_layer_is_in_the_pipeline_only_when_asked_for(bool openTelemetry)
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1", "m");
        using var client = AideChatClientFactory.CreateWithFailover([provider], new AideSettings(), null, openTelemetry);

        Assert.Equal(openTelemetry, client.GetService<OpenTelemetryChatClient>() is not null);
    }
}
