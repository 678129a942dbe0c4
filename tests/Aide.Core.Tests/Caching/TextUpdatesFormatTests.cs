using Aide.Caching;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Caching;

/// <summary>The plain form of cached text answers keeps everything a replay shows, and leaves other answers to M.E.AI's format.</summary>
public sealed class TextUpdatesFormatTests
{
    [Fact]
    public void A_text_answer_round_trips_with_its_usage_ids_and_properties()
    {
        var created = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(1));
        List<ChatResponseUpdate> updates =
        [
            new(ChatRole.Assistant, "Hel") { MessageId = "m1", ResponseId = "r1", ModelId = "tiny", CreatedAt = created, AdditionalProperties = new() { ["aide.provider"] = "local=/m.gguf" } },
            new(ChatRole.Assistant, "lo \"quoted\" ✓\n"),
            new(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 3, TotalTokenCount = 8, CachedInputTokenCount = 2 })]) { FinishReason = ChatFinishReason.Stop },
        ];

        Assert.True(TextUpdatesFormat.TryWrite(updates, out var bytes));
        Assert.True(TextUpdatesFormat.TryRead(bytes, out var read));

        Assert.Equal(3, read.Count);
        Assert.Equal("Hello \"quoted\" ✓\n", string.Concat(read.Select(u => u.Text)));
        Assert.Equal(("m1", "r1", "tiny", created), (read[0].MessageId, read[0].ResponseId, read[0].ModelId, read[0].CreatedAt));
        Assert.Equal("local=/m.gguf", read[0].AdditionalProperties?["aide.provider"]);
        Assert.Equal(ChatRole.Assistant, read[1].Role);
        Assert.Equal(ChatFinishReason.Stop, read[2].FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(read[2].Contents)).Details;
        Assert.Equal((5L, 3L, 8L, 2L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount));
    }

    [Fact]
    public void A_whole_response_round_trips_through_its_updates()
    {
        // M.E.AI caches a streamed answer as one coalesced response; that is the form every cached chat answer takes.
        var created = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello, world") { MessageId = "m1" })
        {
            ResponseId = "r1",
            ModelId = "tiny",
            CreatedAt = created,
            FinishReason = ChatFinishReason.Length,
            Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 3, TotalTokenCount = 8 },
            AdditionalProperties = new() { ["aide.provider"] = "local=/m.gguf" },
        };

        Assert.True(TextUpdatesFormat.TryWrite(response.ToChatResponseUpdates(), out var bytes));
        Assert.True(TextUpdatesFormat.TryRead(bytes, out var updates));
        var read = updates.ToChatResponse();

        var message = Assert.Single(read.Messages);
        Assert.Equal((ChatRole.Assistant, "Hello, world", "m1"), (message.Role, message.Text, message.MessageId));
        Assert.Equal(("r1", "tiny", created, ChatFinishReason.Length), (read.ResponseId, read.ModelId, read.CreatedAt, read.FinishReason));
        Assert.Equal((5L, 3L, 8L), (read.Usage?.InputTokenCount, read.Usage?.OutputTokenCount, read.Usage?.TotalTokenCount));
        Assert.Equal("local=/m.gguf", read.AdditionalProperties?["aide.provider"]);
    }

    [Fact]
    public void Answers_with_more_than_text_keep_the_library_format()
    {
        List<ChatResponseUpdate> withCall = [new(ChatRole.Assistant, [new FunctionCallContent("c1", "f")])];
        List<ChatResponseUpdate> withObject = [new(ChatRole.Assistant, "x") { AdditionalProperties = new() { ["n"] = 1 } }];

        Assert.False(TextUpdatesFormat.TryWrite(withCall, out _));
        Assert.False(TextUpdatesFormat.TryWrite(withObject, out _));
        Assert.False(TextUpdatesFormat.TryRead("[{\"contents\":[]}]"u8.ToArray(), out _));
        Assert.False(TextUpdatesFormat.TryRead("{\"aideText\":1,\"updates\":[{\"contents\":[7]}]}"u8.ToArray(), out _));
    }
}
