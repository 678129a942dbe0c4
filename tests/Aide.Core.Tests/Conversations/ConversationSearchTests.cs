using Aide.Conversations;
using Aide.Conversations.Store;
using Microsoft.Data.Sqlite;

namespace Aide.Core.Tests.Conversations;

/// <summary>History search (FTS5, indexed lazily): what it finds, and that deletes and reused rowids never leave it wrong.</summary>
public sealed class ConversationSearchTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteConversationStore Store => _fixture.Store;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private async Task<ConversationInfo> Say(string name, params string[] texts)
    {
        var (conversation, _) = await Store.GetOrCreateAsync(name, null, Ct);
        foreach (var text in texts)
        {
            await Store.AppendAsync(conversation.Id, new MessageDraft("user", text, 1), Ct);
        }

        return conversation;
    }

    private async Task<List<string>> Find(string text, string? conversation = null) =>
        [.. (await Store.SearchAsync(text, 20, conversation, Ct)).Select(h => $"{h.ConversationName}#{h.Sequence}")];

    [Fact]
    public async Task Every_word_must_match_in_any_case_and_without_accents_best_first()
    {
        await Say("trip", "The café in Paris was closed", "Paris, paris and PARIS again: a city of cafés", "Berlin only");

        Assert.Equal(["trip#2", "trip#1"], await Find("paris"));
        Assert.Equal(["trip#1"], await Find("CAFE paris closed"));
        Assert.Equal(["trip#1", "trip#2"], (await Find("caf*")).Order());
        Assert.Empty(await Find("paris berlin"));
    }

    [Fact]
    public async Task The_snippet_marks_each_match()
    {
        await Say("notes", "remember the milk and the eggs");

        var hit = Assert.Single(await Store.SearchAsync("milk", 5, null, Ct));

        Assert.Equal("remember the milk and the eggs", hit.Snippet);
        Assert.Equal("milk", hit.Snippet[Assert.Single(hit.Matches)]);
        Assert.Equal("user", hit.Role);
        Assert.True(hit.Score > 0);
    }

    [Theory]
    [InlineData("NOT")]
    [InlineData("\"unbalanced")]
    [InlineData("a-b")]
    [InlineData("col:umn")]
    [InlineData("(x OR y")]
    public async Task Query_syntax_in_the_words_is_text_never_an_error(string text)
    {
        await Say("odd", "NOT \"unbalanced a-b col:umn (x OR y");

        Assert.Equal(["odd#1"], await Find(text));
    }

    [Fact]
    public async Task Words_without_letters_or_digits_are_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SearchAsync("* -- \"", 5, null, Ct));

    [Fact]
    public async Task A_search_sees_messages_saved_after_the_last_one_and_filters_by_conversation()
    {
        await Say("one", "alpha");
        Assert.Equal(["one#1"], await Find("alpha"));

        await Say("two", "alpha beta");

        Assert.Equal(["one#1", "two#1"], (await Find("alpha")).Order());
        Assert.Equal(["two#1"], await Find("alpha", "two"));
    }

    [Fact]
    public async Task Deleted_messages_leave_the_index_and_a_reused_rowid_is_indexed_with_its_new_text()
    {
        var conversation = await Say("work", "keep this", "drop this");
        Assert.Equal(2, (await Find("this")).Count);

        // The newest message goes; SQLite gives its rowid to the next message, which must be found by its own words.
        await Store.RemoveMessageAsync(conversation.Id, 2, Ct);
        await Say("work", "fresh words");

        Assert.Equal(["work#1"], await Find("this"));
        Assert.Equal(["work#3"], await Find("fresh"));
        Assert.Empty(await Find("drop"));

        await Store.DeleteAsync("work", Ct);
        Assert.Empty(await Find("keep"));
        Assert.Empty(await Find("fresh"));
    }

    [Fact]
    public async Task A_store_from_before_search_is_indexed_on_the_first_search()
    {
        var path = Path.Combine(_fixture.Directory, "older.db");
        await using (var older = SqliteConversationStore.Open(path, timeProvider: _fixture.Time))
        {
            var (conversation, _) = await older.GetOrCreateAsync("old", null, Ct);
            await older.AppendAsync(conversation.Id, new MessageDraft("user", "written before the index existed", 1), Ct);
        }

        // As an Aide without search left it: no index, schema version 3.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER messages_leave_search; DROP TABLE message_search; DROP TABLE message_search_state; PRAGMA user_version = 3;";
            command.ExecuteNonQuery();
        }

        await using var upgraded = SqliteConversationStore.Open(path, timeProvider: _fixture.Time);

        var hit = Assert.Single(await upgraded.SearchAsync("index existed", 5, null, Ct));
        Assert.Equal("old", hit.ConversationName);
    }
}
