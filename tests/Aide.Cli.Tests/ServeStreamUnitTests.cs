using System.Text;
using Aide.Chat;
using Aide.Server.OpenAI;
using Aide.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Cli.Tests;

/// <summary>The gateway's stream writer and error mapping, on a fake clock and an in-memory response.</summary>
public sealed class ServeStreamUnitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stream_waiting_for_its_first_token_gets_keep_alive_comments_and_no_provider_header()
    {
        var time = new FakeTimeProvider();
        var (context, body) = Context();
        var writer = new EventStreamWriter(context.Response, (fromCache, provider) => SetHeaders(context.Response, fromCache, provider), First(), TimeSpan.FromSeconds(15), time);
        await using (writer)
        {
            time.Advance(TimeSpan.FromSeconds(14));
            Assert.False(writer.Started);

            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.WaitUntil(() => Text(body).Contains(": keep-alive", StringComparison.Ordinal));

            Assert.True(writer.Started);
            Assert.Equal("miss", context.Response.Headers["X-Aide-Cache"].ToString());
            Assert.False(context.Response.Headers.ContainsKey("X-Aide-Provider"));
            await writer.WriteAsync(fromCache: false, provider: null, [Chunk("tok")], done: false, Token);
            time.Advance(TimeSpan.FromSeconds(15));
            await Eventually.WaitUntil(() => Count(Text(body), ": keep-alive") == 2);
        }

        var text = Text(body);
        Assert.StartsWith("data: {", text, StringComparison.Ordinal); // the role chunk comes first, before any comment
        Assert.Contains("\"role\":\"assistant\"", text.Split("\n\n")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_keeps_writing_gets_no_comments()
    {
        var time = new FakeTimeProvider();
        var (context, body) = Context();
        await using (var writer = new EventStreamWriter(context.Response, (fromCache, provider) => SetHeaders(context.Response, fromCache, provider), First(), TimeSpan.FromSeconds(15), time))
        {
            await writer.WriteAsync(fromCache: true, "openai=x", [], done: false, Token);
            for (var i = 0; i < 8; i++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await writer.WriteAsync(fromCache: true, "openai=x", [Chunk("t" + i)], done: false, Token);
            }
        }

        Assert.DoesNotContain("keep-alive", Text(body), StringComparison.Ordinal);
        Assert.Equal("hit", context.Response.Headers["X-Aide-Cache"].ToString());
        Assert.Equal("openai=x", context.Response.Headers["X-Aide-Provider"].ToString());
    }

    [Fact]
    public void A_busy_local_model_is_a_429_with_retry_after_that_clients_may_retry()
    {
        var context = new DefaultHttpContext();
        var busy = new AideChatException("The local model 'tiny' is busy.") { Kind = ChatErrorKind.Busy, RetryAfter = TimeSpan.FromSeconds(2.2) };

        var (status, body) = OpenAIErrors.FromException(busy, context.Response);

        Assert.Equal(429, status);
        Assert.Contains("\"code\":\"rate_limit_exceeded\"", body, StringComparison.Ordinal);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("true", context.Response.Headers["x-should-retry"].ToString());
    }

    private static (DefaultHttpContext Context, MemoryStream Body) Context()
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return (context, body);
    }

    private static void SetHeaders(HttpResponse response, bool fromCache, string? provider)
    {
        response.Headers["X-Aide-Cache"] = fromCache ? "hit" : "miss";
        if (provider is not null)
        {
            response.Headers["X-Aide-Provider"] = provider;
        }
    }

    private static ChatCompletionChunk First() => Chunk(string.Empty, "assistant");

    private static ChatCompletionChunk Chunk(string text, string? role = null) =>
        new() { Id = "chatcmpl-1", Created = 1, Model = "m", Choices = [new ChunkChoice { Delta = new ChunkDelta { Role = role, Content = text } }] };

    private static string Text(MemoryStream body)
    {
        lock (body)
        {
            return Encoding.UTF8.GetString(body.ToArray());
        }
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
