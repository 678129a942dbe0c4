using Aide.Conversations;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Core.Tests.Conversations;

public sealed class ConversationSessionTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_turn_saves_question_and_answer_and_publishes_updates_and_entities()
    {
        var session = await _fixture.OpenAsync("t");

        var turn = await session.BeginTurnAsync("Read https://example.com/a please", "Be brief.", null, Ct);
        await session.CompleteTurnAsync(turn, "Done: https://example.com/a", cancellationToken: Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.Equal(["Be brief.", "Read https://example.com/a please"], turn.Window.Messages.Select(m => m.Text));
        Assert.Equal(2, session.Conversation.MessageCount);
        var updates = _fixture.Events.OfType<ContextUpdated>().ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal("t", u.SessionId));
        Assert.Equal([EntityChange.Added, EntityChange.Updated], _fixture.Events.OfType<ContextEntityDetected>().Select(e => e.Change));
    }

    [Fact]
    public async Task With_CreateWithFirstMessage_a_new_conversation_is_saved_with_its_first_message_and_not_before()
    {
        var options = new ConversationSessionOptions { Model = "gpt-4o", Window = _fixture.Options().Window, TimeProvider = _fixture.Time, CreateWithFirstMessage = true };
        var session = await ConversationSession.OpenAsync(_fixture.Store, "late", options, Ct);

        // Nothing is written while the session has nothing to save: a window, a clear, a removal.
        var window = await session.BuildWindowAsync("Be brief.", null, Ct);
        await session.ClearAsync(Ct);
        Assert.Null(await session.RemoveMessageAsync(1, Ct));
        Assert.True(session.IsNew);
        Assert.Equal(string.Empty, session.Conversation.Id);
        Assert.Equal(["Be brief."], window.Messages.Select(m => m.Text));
        Assert.Empty(await _fixture.Store.ListAsync(Ct));

        var turn = await session.BeginTurnAsync("first question", "Be brief.", null, Ct);
        await session.CompleteTurnAsync(turn, "first answer", cancellationToken: Ct);

        var saved = Assert.Single(await _fixture.Store.ListAsync(Ct));
        Assert.Equal(("late", "gpt-4o", 2), (saved.Name, saved.Model, saved.MessageCount));
        Assert.Equal(saved.Id, session.Conversation.Id);
        Assert.Equal(["first question", "first answer"], (await _fixture.Store.GetMessagesAsync(saved.Id, Ct)).Select(m => m.Content));
    }

    [Fact]
    public async Task With_CreateWithFirstMessage_a_conversation_another_process_created_meanwhile_gets_the_message()
    {
        var options = new ConversationSessionOptions { Model = "gpt-4o", Window = _fixture.Options().Window, TimeProvider = _fixture.Time, CreateWithFirstMessage = true };
        var session = await ConversationSession.OpenAsync(_fixture.Store, "raced", options, Ct);
        var (other, _) = await _fixture.Store.GetOrCreateAsync("raced", "gpt-4o", Ct);
        await _fixture.Store.AppendAsync(other.Id, new MessageDraft("user", "from the other process", 4, []), Ct);

        await session.AppendAsync(ChatRole.User, "from this one", cancellationToken: Ct);

        Assert.Equal(other.Id, session.Conversation.Id);
        Assert.Equal(["from the other process", "from this one"], (await _fixture.Store.GetMessagesAsync(other.Id, Ct)).Select(m => m.Content));
    }

    [Fact]
    public async Task A_first_turn_reads_the_items_once_and_no_message_back_and_a_later_turn_reads_the_conversation()
    {
        var store = CallCountingStore.Over(_fixture.Store);
        var session = await ConversationSession.OpenAsync(store, "first", _fixture.Options(), Ct);
        var proxy = (CallCountingStore)(object)store;

        var first = await session.BeginTurnAsync("first question", "Be brief.", null, Ct);
        var firstCalls = proxy.Calls.ToList();
        await session.CompleteTurnAsync(first, "first answer", cancellationToken: Ct);
        proxy.Calls.Clear();
        var second = await session.BeginTurnAsync("second question", "Be brief.", null, Ct);

        Assert.Equal(["Be brief.", "first question"], first.Window.Messages.Select(m => m.Text));
        Assert.Single(firstCalls, c => c == nameof(IConversationStore.GetItemsAsync));
        Assert.DoesNotContain(nameof(IConversationStore.ReadNewestFirstAsync), firstCalls);
        Assert.DoesNotContain(nameof(IConversationStore.GetLatestSummaryAsync), firstCalls);
        Assert.Equal(["Be brief.", "first question", "first answer", "second question"], second.Window.Messages.Select(m => m.Text));
        Assert.Contains(nameof(IConversationStore.ReadNewestFirstAsync), proxy.Calls);
    }

    [Fact]
    public async Task StartNew_asks_the_store_nothing_and_saves_the_conversation_with_its_first_message()
    {
        var store = CallCountingStore.Over(_fixture.Store);
        var proxy = (CallCountingStore)(object)store;

        var session = ConversationSession.StartNew(store, "20261128-140000-abcd", _fixture.Options());
        Assert.Empty(proxy.Calls);
        Assert.True(session.IsNew);

        var turn = await session.BeginTurnAsync("hello", null, null, Ct);
        await session.CompleteTurnAsync(turn, "hi", cancellationToken: Ct);

        var saved = Assert.Single(await _fixture.Store.ListAsync(Ct));
        Assert.Equal(("20261128-140000-abcd", 2), (saved.Name, saved.MessageCount));
        Assert.Equal(saved.Id, session.Conversation.Id);
    }

    [Fact]
    public async Task Resuming_publishes_restored_with_what_was_there()
    {
        var first = await _fixture.OpenAsync("r");
        await first.AppendAsync(ChatRole.User, "mail ada@example.com", cancellationToken: Ct);

        var resumed = await _fixture.OpenAsync("r");
        await _fixture.Bus.DisposeAsync();

        Assert.False(resumed.IsNew);
        var restored = Assert.Single(_fixture.Events.OfType<ContextRestored>());
        Assert.Equal(("store", 1, 1), (restored.From, restored.Items, restored.Entities));
    }

    [Fact]
    public async Task The_window_keeps_the_newest_turns_that_fit_without_holes_and_reports_the_change()
    {
        var session = await _fixture.OpenAsync("w", _fixture.Options(contextTokens: 200, replyTokens: 50));
        for (var i = 0; i < 10; i++)
        {
            await session.AppendAsync(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"message {i} " + string.Join(' ', Enumerable.Repeat("word", 20)), cancellationToken: Ct);
        }

        var window = await session.BuildWindowAsync(null, null, Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.InRange(window.TokensUsed, 1, 150);
        Assert.True(window.MessagesDropped > 0);
        Assert.Equal(10, window.MessagesDropped + window.MessagesIncluded);
        var texts = window.Messages.Select(m => m.Text).ToList();
        Assert.StartsWith("message 9 ", texts[^1], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(10 - texts.Count, texts.Count), texts.Select(t => int.Parse(t.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        var changed = Assert.Single(_fixture.Events.OfType<ContextWindowChanged>());
        Assert.Equal(("recent-first", 150, window.TokensUsed), (changed.Strategy, changed.Budget, changed.TokensAfter));
        Assert.True(changed.TokensBefore > changed.TokensAfter);
    }

    [Fact]
    public async Task A_window_the_model_refuses_as_too_long_is_built_again_smaller_for_this_turn_and_the_next()
    {
        var session = await _fixture.OpenAsync("fit", _fixture.Options(contextTokens: 4096, replyTokens: 1024));
        for (var i = 0; i < 10; i++)
        {
            await session.AppendAsync(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"message {i} " + string.Join(' ', Enumerable.Repeat("word", 20)), cancellationToken: Ct);
        }

        var turn = await session.BeginTurnAsync("the newest question", null, null, Ct);
        Assert.Equal(0, turn.Window.MessagesDropped);

        // The model counts twice the window's estimate and holds only as many tokens as the window used.
        var refitted = await session.RefitTurnAsync(turn, turn.Window.TokensUsed * 2, turn.Window.TokensUsed, null, Ct);
        var next = await session.BuildWindowAsync(null, null, Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.Equal(turn.UserMessage, refitted.UserMessage);
        Assert.Equal("the newest question", refitted.Window.Messages[^1].Text);
        Assert.True(refitted.Window.MessagesDropped > 0);
        // In the model's tokens (twice the estimate) the new window and a quarter kept for the reply fit its context.
        Assert.InRange(refitted.Window.TokensUsed * 2, 1, turn.Window.TokensUsed * 3 / 4);
        Assert.Equal(refitted.Window.Budget, next.Budget);
        Assert.Equal(11, session.Conversation.MessageCount);
        Assert.Contains(_fixture.Events.OfType<ContextWindowChanged>(), e => e.TokensAfter == refitted.Window.TokensUsed && e.ItemsDropped > 0);
    }

    [Fact]
    public async Task A_refit_that_cannot_hold_the_newest_message_says_so_with_the_sizes()
    {
        var session = await _fixture.OpenAsync("tiny", _fixture.Options(contextTokens: 4096, replyTokens: 1024));
        var turn = await session.BeginTurnAsync(string.Join(' ', Enumerable.Repeat("elephant", 200)), null, null, Ct);

        var error = await Assert.ThrowsAsync<ContextWindowOverflowException>(() => session.RefitTurnAsync(turn, 4000, 64, null, Ct));

        Assert.True(error.MessageTokens > error.Budget);
        Assert.Equal(1, session.Conversation.MessageCount); // the question stays until the turn is abandoned
    }

    [Fact]
    public async Task A_message_that_cannot_fit_fails_before_anything_is_saved()
    {
        var session = await _fixture.OpenAsync("o", _fixture.Options(contextTokens: 300, replyTokens: 100));

        var error = await Assert.ThrowsAsync<ContextWindowOverflowException>(() => session.BeginTurnAsync(string.Join(' ', Enumerable.Repeat("elephant", 400)), null, null, Ct));

        Assert.True(error.MessageTokens > 200);
        Assert.Equal(200, error.Budget);
        Assert.Equal(0, session.Conversation.MessageCount);
    }

    [Fact]
    public async Task Pinned_items_always_go_expired_never_and_low_relevance_ones_are_left_out_first()
    {
        var session = await _fixture.OpenAsync("i", _fixture.Options(contextTokens: 260, replyTokens: 50));
        var id = session.Conversation.Id;
        await _fixture.Store.AddItemAsync(new ContextItemDraft(id, ContextItemKind.Preference, "answer in French", 3, Pinned: true), Ct);
        await _fixture.Store.AddItemAsync(new ContextItemDraft(id, ContextItemKind.Temporal, "deadline friday", 2, ExpiresAt: _fixture.Time.GetUtcNow().AddHours(1)), Ct);
        await _fixture.Store.AddItemAsync(new ContextItemDraft(id, ContextItemKind.Fact, "trivia " + string.Join(' ', Enumerable.Repeat("x", 60)), 61, Relevance: 0.1), Ct);
        for (var i = 0; i < 6; i++)
        {
            await session.AppendAsync(ChatRole.User, $"turn {i} " + string.Join(' ', Enumerable.Repeat("word", 25)), cancellationToken: Ct);
        }

        var before = await session.BuildWindowAsync(null, null, Ct);
        _fixture.Time.Advance(TimeSpan.FromHours(2));
        var after = await session.BuildWindowAsync(null, null, Ct);

        Assert.Equal(["answer in French", "deadline friday"], before.IncludedItems.Select(i => i.Content));
        Assert.Equal(["answer in French"], after.IncludedItems.Select(i => i.Content));
        Assert.Contains("(preference) answer in French", after.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_turn_messages_of_an_unsaved_conversation_are_those_a_new_conversation_sends()
    {
        // Items that fill most of a small window: which of them fit depends on the question's size, as in a real turn.
        var options = _fixture.Options(contextTokens: 200, replyTokens: 50);
        await _fixture.Store.AddItemAsync(new ContextItemDraft(null, ContextItemKind.Preference, "answer in French", 3, Pinned: true), Ct);
        await _fixture.Store.AddItemAsync(new ContextItemDraft(null, ContextItemKind.Fact, "fact " + string.Join(' ', Enumerable.Repeat("y", 70)), 71, Priority: 80), Ct);
        await _fixture.Store.AddItemAsync(new ContextItemDraft(null, ContextItemKind.Note, "note " + string.Join(' ', Enumerable.Repeat("z", 40)), 41, Priority: 20), Ct);
        var question = "question " + string.Join(' ', Enumerable.Repeat("q", 30));

        var unsaved = await ConversationSession.FirstTurnMessagesAsync(_fixture.Store, question, "be brief", options, Ct);
        var listed = await _fixture.Store.ListAsync(Ct);
        var session = await _fixture.OpenAsync("real", options);
        var turn = await session.BeginTurnAsync(question, "be brief", null, Ct);

        Assert.Empty(listed); // nothing was saved
        Assert.Equal(turn.Window.Messages.Select(m => (m.Role, m.Text)), unsaved.Select(m => (m.Role, m.Text)));
        Assert.Equal(3, unsaved.Count);
        Assert.DoesNotContain("note", unsaved[1].Text, StringComparison.Ordinal); // left out for the question's room
    }

    [Fact]
    public async Task Dropped_turns_are_summarized_the_summary_is_saved_and_used_next_time()
    {
        var summarizer = new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "They discussed turns 0 to 5."))),
        };
        var session = await _fixture.OpenAsync("sum", _fixture.Options(contextTokens: 200, replyTokens: 50, summarize: true));
        for (var i = 0; i < 10; i++)
        {
            await session.AppendAsync(ChatRole.User, $"turn {i} " + string.Join(' ', Enumerable.Repeat("word", 20)), cancellationToken: Ct);
        }

        var window = await session.BuildWindowAsync(null, summarizer, Ct);
        var again = await session.BuildWindowAsync(null, summarizer, Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.Equal(1, summarizer.Calls);
        Assert.NotNull(window.Summary);
        Assert.Equal(MessageKind.Summary, window.Summary!.Kind);
        Assert.Contains(window.Messages, m => m.Text.Contains("They discussed turns 0 to 5.", StringComparison.Ordinal));
        Assert.Equal(window.Summary.Id, again.Summary?.Id);
        var changed = _fixture.Events.OfType<ContextWindowChanged>().First();
        Assert.Equal("summarize", changed.Strategy);
        Assert.True(changed.ItemsSummarized > 0);
    }

    [Fact]
    public async Task Abandoning_a_turn_takes_the_question_back_with_its_entities()
    {
        var session = await _fixture.OpenAsync("ab");
        var turn = await session.BeginTurnAsync("Write to bob@example.com", null, null, Ct);

        await session.AbandonTurnAsync(turn, Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.Equal(0, session.Conversation.MessageCount);
        Assert.Empty(await _fixture.Store.GetEntitiesAsync(session.Conversation.Id, Ct));
        Assert.Equal("email", Assert.Single(_fixture.Events.OfType<ContextEntityRemoved>()).Kind);
    }

    [Fact]
    public async Task Clearing_removes_everything_and_says_so()
    {
        var session = await _fixture.OpenAsync("cl");
        await session.AppendAsync(ChatRole.User, "see /etc/hosts and ada@example.com", cancellationToken: Ct);

        var removed = await session.ClearAsync(Ct);
        await _fixture.Bus.DisposeAsync();

        Assert.Equal((1, 2), (removed.MessagesRemoved, removed.EntitiesRemoved.Count));
        var cleared = Assert.Single(_fixture.Events.OfType<ContextCleared>());
        Assert.Equal((1, 2), (cleared.ItemsRemoved, cleared.EntitiesRemoved));
        Assert.Equal(2, _fixture.Events.OfType<ContextEntityRemoved>().Count());
    }
}
