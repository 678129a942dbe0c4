using Aide.Chat;
using Aide.Testing;
using Microsoft.Extensions.AI;

namespace Aide.Providers.Local.Tests;

/// <summary>The real LLamaSharp runtime generating from the tiny model, through LLamaSharp's IChatClient adapter.</summary>
public sealed class LocalGenerationTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private readonly LocalChatClient _client = new(fixture.Model);

    [Fact]
    public async Task Generates_the_known_answer_and_stops_at_end_of_sequence()
    {
        var response = await _client.GetResponseAsync("Say the alphabet", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TinyLlamaModel.Answer, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(26, response.Usage?.OutputTokenCount);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.Equal("tiny", response.ModelId);
    }

    [Fact]
    public async Task Streams_one_letter_per_token_then_the_usage()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var text = updates.Where(u => u.Text.Length > 0).Select(u => u.Text).ToList();
        Assert.Equal(TinyLlamaModel.Answer.Select(c => c.ToString()), text);
        var usage = Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));
        Assert.Equal(26, usage.Details.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Stops_at_the_output_token_limit()
    {
        var response = await _client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal("abcde", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Stops_before_a_stop_sequence_even_when_it_spans_tokens()
    {
        var response = await _client.GetResponseAsync("hi", new ChatOptions { StopSequences = ["mno", "zzz"] }, TestContext.Current.CancellationToken);

        Assert.Equal("abcdefghijkl", response.Text);
    }

    [Fact]
    public void A_held_back_prefix_of_a_stop_sequence_that_never_completes_is_given_back()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        var shown = filter.Filter("Hello\nUs") + filter.Filter("e") + filter.Filter("ful") + filter.Flush();

        Assert.Equal("Hello\nUseful", shown);
        Assert.False(filter.Stopped);
    }

    [Fact]
    public async Task Cancellation_stops_generation_and_the_next_turn_still_works()
    {
        using var cts = new CancellationTokenSource();
        var received = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token))
            {
                received.Add(update.Text);
                if (received.Count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(["a", "b", "c"], received);
        var next = await _client.GetResponseAsync("again", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(TinyLlamaModel.Answer, next.Text);
    }

    [Fact]
    public async Task A_follow_up_turn_reuses_the_conversation_already_in_the_kv_cache()
    {
        List<ChatMessage> history = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "first")];
        var first = await _client.GetResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "second"));

        var second = await _client.GetResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TinyLlamaModel.Answer, second.Text);
        var run = fixture.Model.Executor.LastRun;
        // System prompt, first question and the whole first answer come from the cache.
        Assert.True(run.ReusedTokens >= "<|im_start|>system\nYou are terse.".Length + TinyLlamaModel.Answer.Length, $"reused {run.ReusedTokens} of {run.PromptTokens}");
        Assert.Equal(run.ReusedTokens, second.Usage?.CachedInputTokenCount);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused_with_the_sizes()
    {
        var huge = new string('x', 2000);

        var error = await Assert.ThrowsAsync<AideChatException>(() => _client.GetResponseAsync(huge, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ChatErrorKind.BadRequest, error.Kind);
        Assert.Contains("context holds 512", error.Message, StringComparison.Ordinal);
    }
}
