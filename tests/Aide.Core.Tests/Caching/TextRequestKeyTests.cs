using Aide.Caching;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Caching;

/// <summary>The direct cache key of text-only requests: everything that changes an answer changes the key.</summary>
public sealed class TextRequestKeyTests
{
    private static readonly object[] Client = ["aide-cache-2", "openai=http://a (m)"];

    [Fact]
    public void Every_chat_option_is_accounted_for()
    {
        var properties = typeof(ChatOptions).GetProperties().Select(p => p.Name).ToHashSet();

        // A new ChatOptions property must be hashed or required empty by TextRequestKey before this passes.
        Assert.Equal(properties.Order(), TextRequestKey.KnownOptions.Order());
    }

    [Fact]
    public void Ids_and_timestamps_do_not_change_the_key_but_content_role_author_and_options_do()
    {
        var baseline = Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0 });

        Assert.Equal(baseline, Key([new(ChatRole.User, "hi") { MessageId = "x", CreatedAt = DateTimeOffset.UnixEpoch }], new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi!")], new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key([new(ChatRole.System, "hi")], new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi") { AuthorName = "ann" }], new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0.5f }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0, ModelId = "other" }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0, StopSequences = ["\n"] }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], null));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "h"), new(ChatRole.User, "i")], new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0 }, streaming: true));
        Assert.NotEqual(baseline, Key([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0 }, client: ["aide-cache-2", "ollama=http://b (m)"]));
    }

    [Fact]
    public void Requests_with_more_than_text_keep_the_json_key()
    {
        Assert.False(TextRequestKey.TryCompute([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/png")])], null, [], Client, out _));
        Assert.False(TextRequestKey.TryCompute([new(ChatRole.User, "hi")], new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }, [], Client, out _));
        Assert.False(TextRequestKey.TryCompute([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, [], Client, out _));
        Assert.False(TextRequestKey.TryCompute([new(ChatRole.User, "hi")], new ChatOptions { AdditionalProperties = new() { ["x"] = 1 } }, [], Client, out _));
    }

    private static string Key(List<ChatMessage> messages, ChatOptions? options, bool streaming = false, object[]? client = null)
    {
        Assert.True(TextRequestKey.TryCompute(messages, options, [streaming], client ?? Client, out var key));
        return key;
    }
}
