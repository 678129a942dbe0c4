using Aide.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Chat;

public sealed class TimeoutChatClientTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Provider_that_never_answers_times_out_after_the_limit()
    {
        var inner = new TestChatClient { GetResponseAsyncCallback = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; } };
        using var client = new TimeoutChatClient(inner, TimeSpan.FromSeconds(5), _time, "test=provider");

        var call = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<AideChatException>(() => call);

        Assert.Equal(ChatErrorKind.Timeout, error.Kind);
        Assert.Contains("test=provider did not answer within 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steady_stream_longer_than_the_limit_is_not_cut_off()
    {
        var chunkGates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource()).ToArray();
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Chunks(chunkGates, ct) };
        using var client = new TimeoutChatClient(inner, TimeSpan.FromSeconds(5), _time, "p");

        var received = new List<string>();
        var reading = ReadAll(client, received);
        for (var i = 0; i < chunkGates.Length; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(4)); // 16 s in all, never 5 s of silence
            chunkGates[i].SetResult();
            await WaitUntil(() => reading.IsCompleted || Count(received) == i + 1);
        }

        await reading;
        Assert.Equal(["0", "1", "2", "3"], received);
    }

    [Fact]
    public async Task Stream_that_goes_silent_times_out()
    {
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Chunks(gates, ct) };
        using var client = new TimeoutChatClient(inner, TimeSpan.FromSeconds(5), _time, "p");
        gates[0].SetResult();

        var error = await Assert.ThrowsAsync<AideChatException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                _time.Advance(TimeSpan.FromSeconds(5));
            }
        });

        Assert.Equal(ChatErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        var inner = new TestChatClient { GetResponseAsyncCallback = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; } };
        using var client = new TimeoutChatClient(inner, TimeSpan.FromSeconds(5), _time, "p");
        using var cts = new CancellationTokenSource();

        var call = client.GetResponseAsync("hi", cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static async Task ReadAll(IChatClient client, List<string> received)
    {
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            lock (received)
            {
                received.Add(update.Text);
            }
        }
    }

    private static int Count(List<string> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    /// <summary>Sequencing only: lets the reader take the chunk (and re-arm its timer) before time moves on.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100_000 && !condition(); i++)
        {
            await Task.Yield();
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Chunks(TaskCompletionSource[] gates, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < gates.Length; i++)
        {
            await gates[i].Task.WaitAsync(ct);
            yield return new ChatResponseUpdate(ChatRole.Assistant, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
