using Aide.Conversations;
using Aide.Conversations.Export;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Conversations;

public sealed class SnapshotAndTokenTests
{
    [Fact]
    public void A_snapshot_round_trips_a_conversation_exactly()
    {
        var now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var messages = Enumerable.Range(1, 1000).Select(i => new StoredMessage(
            $"id{i}", i, i % 2 == 0 ? "assistant" : "user", $"message {i} ünïcödé", i, now.AddSeconds(i),
            i == 1000 ? MessageKind.Summary : MessageKind.Message, i == 1000 ? 999 : null, i % 3 == 0 ? new Dictionary<string, string> { ["model"] = "m" } : null)).ToList();
        var items = new[] { new ContextItem("it", "c", ContextItemKind.Fact, "fact", 60, 0.5, true, now.AddDays(1), now, 1) };
        var document = new ConversationDocument(ConversationDocument.FormatName, 1, now, new ConversationInfo("c", "name", "title", null, now, now, 1000, 12345, "parent", 7), messages, items);

        var copy = ConversationSnapshot.Deserialize(ConversationSnapshot.Serialize(document));

        Assert.Equal(document.Conversation, copy.Conversation);
        Assert.Equal(document.Items, copy.Items);
        Assert.Equal(messages.Count, copy.Messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(messages[i] with { Metadata = null }, copy.Messages[i] with { Metadata = null });
            Assert.Equal(messages[i].Metadata?.ToList(), copy.Messages[i].Metadata?.ToList());
        }
    }

    [Fact]
    public async Task A_json_export_without_a_model_title_or_metadata_imports_again()
    {
        var now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var item = new ContextItem("it", null, ContextItemKind.Fact, "fact", 1, 0.5, false, null, now, 1);
        var document = new ConversationDocument(
            ConversationDocument.FormatName, 1, now, new ConversationInfo("c", "name", null, null, now, now, 1, 1), [new StoredMessage("m1", 1, "user", "hi", 1, now)], [item]);
        var path = Path.Combine(Path.GetTempPath(), $"aide-export-{Guid.NewGuid():N}.json");
        try
        {
            await using (var output = File.Create(path))
            {
                await ConversationExporter.WriteJsonAsync(document, output, TestContext.Current.CancellationToken);
            }

            var copy = await ConversationExporter.ReadAsync(path, TestContext.Current.CancellationToken);

            Assert.DoesNotContain("\"model\"", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal); // omitted, as other tools may too
            Assert.Equal(document.Conversation, copy.Conversation);
            Assert.Equal(document.Items, copy.Items);
            Assert.Equal(document.Messages, copy.Messages);

            // A field that may not be null still may not be missing.
            await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Replace("\"name\": \"name\",", string.Empty, StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var error = await Assert.ThrowsAsync<ConversationStoreException>(() => ConversationExporter.ReadAsync(path, TestContext.Current.CancellationToken));
            Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_damaged_snapshot_is_an_error_with_its_position()
    {
        var bytes = ConversationSnapshot.Serialize(new ConversationDocument("aide.conversation", 1, default, new ConversationInfo("c", "n", null, null, default, default, 0, 0), [], []));

        var error = Assert.Throws<ConversationStoreException>(() => ConversationSnapshot.Deserialize(bytes.AsMemory(0, bytes.Length / 2)));

        Assert.Equal(ConversationStoreError.InvalidImport, error.Error);
        Assert.Contains("at byte", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base", true)]
    [InlineData("openai/gpt-5", "o200k_base", true)]
    [InlineData("o3-mini", "o200k_base", true)]
    [InlineData("gpt-4", "cl100k_base", true)]
    [InlineData("gpt-3.5-turbo", "cl100k_base", true)]
    [InlineData("llama3.2", "≈o200k_base×1.25", false)]
    [InlineData(null, "≈o200k_base×1.25", false)]
    public void Each_model_family_gets_its_encoding_or_a_marked_estimate(string? model, string name, bool exact)
    {
        var counter = TokenCounters.ForModel(model);

        Assert.Equal((name, exact), (counter.Name, counter.IsExact));
    }

    [Fact]
    public void Counts_match_the_encodings_and_estimates_round_up()
    {
        Assert.Equal(2, TokenCounters.ForModel("gpt-4o").CountTokens("hello world"));
        Assert.Equal(2, TokenCounters.ForModel("gpt-4").CountTokens("hello world"));
        Assert.Equal(3, TokenCounters.ForModel("mistral").CountTokens("hello world"));
        Assert.Equal(0, TokenCounters.ForModel("gpt-4o").CountTokens(string.Empty));
    }

    [Fact]
    public void Counting_in_pieces_keeps_ordinary_text_exact_and_long_runs_at_the_encodings_count()
    {
        var counter = TokenCounters.ForModel("gpt-4o");
        var tokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base");
        var prose = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog.\nThen, on 2026-11-27, it ran 3 km.   ", 200));
        var run = new string('A', 4096);
        var zeros = Convert.ToBase64String(new byte[3000]);
        var mixed = prose + run + " tail " + zeros;

        // Ordinary text is cut only where the encoding's pre-tokenizer cuts: the count is the encoding's.
        Assert.Equal(tokenizer.CountTokens(prose), counter.CountTokens(prose));
        Assert.Equal(tokenizer.CountTokens(run), counter.CountTokens(run));
        Assert.Equal(tokenizer.CountTokens(zeros), counter.CountTokens(zeros));
        Assert.InRange(counter.CountTokens(mixed), tokenizer.CountTokens(mixed), tokenizer.CountTokens(mixed) + 2);
    }

    [Fact]
    public async Task The_reducer_keeps_system_messages_and_the_newest_turns_and_refuses_to_cut_the_newest()
    {
        var reducer = new TokenBudgetChatReducer(new ContextWindowOptions { ContextTokens = 60, ReplyTokens = 10 }, TokenCounters.ForModel("gpt-4o"));
        ChatMessage[] messages =
        [
            new(ChatRole.System, "sys"),
            .. Enumerable.Range(0, 10).Select(i => new ChatMessage(ChatRole.User, $"turn {i} one two three")),
        ];

        var reduced = (await reducer.ReduceAsync(messages, TestContext.Current.CancellationToken)).ToList();

        Assert.Equal("sys", reduced[0].Text);
        Assert.Equal("turn 9 one two three", reduced[^1].Text);
        Assert.True(reduced.Count is > 2 and < 11);
        await Assert.ThrowsAsync<ContextWindowOverflowException>(() => reducer.ReduceAsync([new ChatMessage(ChatRole.User, string.Join(' ', Enumerable.Repeat("word", 100)))], TestContext.Current.CancellationToken));
    }
}
