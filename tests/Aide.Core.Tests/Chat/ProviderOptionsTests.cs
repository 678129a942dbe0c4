using Aide.Configuration;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Providers.Ollama;
using Aide.Providers.OpenAI;
using Aide.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

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
        var options = new ProviderOptions { Providers = [provider], ContextTokens = contextTokens };
        using var client = AideChatClientFactory.Build([provider], p => provider.Kind == ProviderKind.Ollama ? OllamaChatProvider.WithContext(inner, contextTokens) : inner, options, new ResilienceOptions { Retries = 0 }, null);

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
        using var client = AideChatClientFactory.Create(new ProviderOptions { Providers = [provider], Telemetry = openTelemetry }, services: new TestServices(new ProviderRegistry().AddOpenAI()));

        Assert.Equal(openTelemetry, client.GetService<OpenTelemetryChatClient>() is not null);
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_creation_naming_each_option_and_its_range()
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1", "m");
        var options = new ProviderOptions { Providers = [provider], Timeout = TimeSpan.Zero, Temperature = 3 };

        var error = Assert.Throws<OptionsValidationException>(() => AideChatClientFactory.Create(options, new ResilienceOptions { Retries = 11 }));

        Assert.Contains("Timeout is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("Temperature is 3; it must be from 0 to 2.", error.Message, StringComparison.Ordinal);
        var resilience = Assert.Throws<OptionsValidationException>(() => AideChatClientFactory.Create(new ProviderOptions { Providers = [provider] }, new ResilienceOptions { Retries = 11, Breaker = new() { FailureRatio = 2 } }));
        Assert.Contains("Retries is 11; it must be from 0 to 10.", resilience.Message, StringComparison.Ordinal);
        Assert.Contains("Breaker.FailureRatio is 2", resilience.Message, StringComparison.Ordinal);
        var none = Assert.Throws<OptionsValidationException>(() => AideChatClientFactory.Create(new ProviderOptions()));
        Assert.Contains("Providers: name at least one provider", none.Message, StringComparison.Ordinal);
    }
}
