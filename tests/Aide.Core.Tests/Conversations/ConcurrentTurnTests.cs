using Microsoft.Data.Sqlite;

namespace Aide.Core.Tests.Conversations;

/// <summary>Turns on one conversation that overlap (several processes, or the gateway's requests) each get their own question's window and answer.</summary>
public sealed class ConcurrentTurnTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Overlapping_turns_each_end_with_their_own_question_and_save_the_answer_against_it()
    {
        var first = await _fixture.OpenAsync("shared");
        var warmup = await first.BeginTurnAsync("q0", null, null, Ct);
        await first.CompleteTurnAsync(warmup, "a0", cancellationToken: Ct);
        var second = await _fixture.OpenAsync("shared");

        // q1 is saved, then q2 (by another session) before q1 has its answer.
        var one = await first.BeginTurnAsync("q1", null, null, Ct);
        var two = await second.BeginTurnAsync("q2", null, null, Ct);
        await second.CompleteTurnAsync(two, "a2", cancellationToken: Ct);
        await first.CompleteTurnAsync(one, "a1", cancellationToken: Ct);
        var three = await first.BeginTurnAsync("q3", null, null, Ct);

        Assert.Equal(["q0", "a0", "q1"], one.Window.Messages.Select(m => m.Text));
        Assert.Equal(["q0", "a0", "q2"], two.Window.Messages.Select(m => m.Text)); // q1, still unanswered, is not q2's
        Assert.Equal(["q0", "a0", "q1", "a1", "q2", "a2", "q3"], three.Window.Messages.Select(m => m.Text));
        var saved = await _fixture.Store.GetMessagesAsync(first.Conversation.Id, Ct);
        Assert.Equal(["q0", "a0", "q1", "a1", "q2", "a2", "q3"], saved.Select(m => m.Content));
        Assert.Equal(saved.Single(m => m.Content == "q1").Sequence, saved.Single(m => m.Content == "a1").ReplyTo);
        Assert.Equal(saved.Single(m => m.Content == "q2").Sequence, saved.Single(m => m.Content == "a2").ReplyTo);
        Assert.Equal(["q3"], saved.Where(m => m.Unanswered).Select(m => m.Content));
    }

    [Fact]
    public async Task Sixteen_concurrent_turns_on_one_conversation_each_see_only_answered_turns_and_their_question()
    {
        var seed = await _fixture.OpenAsync("busy");
        var warmup = await seed.BeginTurnAsync("warm-up", null, null, Ct);
        await seed.CompleteTurnAsync(warmup, "ok", cancellationToken: Ct);

        var turns = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var session = await _fixture.OpenAsync("busy");
            var turn = await session.BeginTurnAsync($"question {i}", null, null, Ct);
            await Task.Yield();
            await session.CompleteTurnAsync(turn, $"answer {i}", cancellationToken: Ct);
            return turn;
        }));

        foreach (var (turn, i) in turns.Select((t, i) => (t, i)))
        {
            var texts = turn.Window.Messages.Select(m => m.Text).ToList();
            Assert.Equal($"question {i}", texts[^1]);
            Assert.DoesNotContain(texts[..^1], t => t.StartsWith("question", StringComparison.Ordinal) && !texts.Contains(t.Replace("question", "answer", StringComparison.Ordinal)));
        }

        var saved = await _fixture.Store.GetMessagesAsync(seed.Conversation.Id, Ct);
        var bySequence = saved.ToDictionary(m => m.Sequence);
        foreach (var answer in saved.Where(m => m.Role == "assistant" && m.Content != "ok"))
        {
            Assert.Equal(answer.Content.Replace("answer", "question", StringComparison.Ordinal), bySequence[answer.ReplyTo!.Value].Content);
        }

        Assert.DoesNotContain(saved, m => m.Unanswered);
    }

    [Fact]
    public async Task A_question_whose_process_died_is_reported_once_and_left_out_of_the_window()
    {
        var session = await _fixture.OpenAsync("killed");
        var answered = await session.BeginTurnAsync("answered", null, null, Ct);
        await session.CompleteTurnAsync(answered, "yes", cancellationToken: Ct);
        var lost = await session.BeginTurnAsync("lost question", null, null, Ct);
        MarkAskedByADeadProcess(lost.UserMessage.Sequence);

        var next = await (await _fixture.OpenAsync("killed")).BeginTurnAsync("next", null, null, Ct);
        var after = await (await _fixture.OpenAsync("killed")).BeginTurnAsync("after", null, null, Ct);

        Assert.Equal(["lost question"], next.UnansweredQuestions.Select(q => q.Content));
        Assert.Equal(["answered", "yes", "next"], next.Window.Messages.Select(m => m.Text));
        Assert.Empty(after.UnansweredQuestions); // reported once
        Assert.DoesNotContain("lost question", after.Window.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_question_of_a_turn_still_in_progress_is_neither_reported_nor_sent()
    {
        var asking = await _fixture.OpenAsync("live");
        var seed = await asking.BeginTurnAsync("seed", null, null, Ct);
        await asking.CompleteTurnAsync(seed, "ok", cancellationToken: Ct);
        await asking.BeginTurnAsync("in progress", null, null, Ct); // this process is alive

        var other = await (await _fixture.OpenAsync("live")).BeginTurnAsync("other", null, null, Ct);

        Assert.Empty(other.UnansweredQuestions);
        Assert.Equal(["seed", "ok", "other"], other.Window.Messages.Select(m => m.Text));
    }

    /// <summary>As if the process that saved the question had been killed: another machine's owner, saved long ago.</summary>
    private void MarkAskedByADeadProcess(int sequence)
    {
        using var connection = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE messages SET pending = 'elsewhere/1/1', created_at = 0 WHERE seq = $s";
        command.Parameters.AddWithValue("$s", sequence);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
