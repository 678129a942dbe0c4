using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// A real HTTP file server on 127.0.0.1 (Kestrel) serving one file the way a model hub does: range requests, the
/// file's SHA-256 in <c>X-Linked-ETag</c>, a redirect from <c>/resolve/</c> to <c>/files/</c>; and faults on demand.
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackFileServer(WebApplication app, byte[] content)
    {
        _app = app;
        Content = content;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public byte[] Content { get; }

    public string Sha256 { get; }

    /// <summary>Gets or sets the bytes after which the next full or ranged response is cut off (connection aborted), once.</summary>
    public long? CutAfter { get; set; }

    /// <summary>Gets or sets the delay between 64 KB chunks (to interrupt a download in progress).</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>Gets the Range headers received, in order ("" when none).</summary>
    public List<string> Ranges { get; } = [];

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The hub-style URL: redirects to the file, publishing its SHA-256 on the way.</summary>
    public string FileUrl(string name = "tiny.gguf") => $"{BaseUrl}/resolve/{name}";

    public static async Task<LoopbackFileServer> StartAsync(byte[] content)
    {
        var app = LoopbackApp.Create();
        var server = new LoopbackFileServer(app, content);
        app.MapGet("/resolve/{name}", (HttpContext context, string name) =>
        {
            context.Response.Headers["X-Linked-ETag"] = $"\"{server.Sha256}\"";
            context.Response.Redirect($"/files/{name}");
        });
        app.MapGet("/files/tiny.gguf", server.ServeAsync);

        // A redirect to somewhere a download must never go (file:, ftp:, javascript:), given in ?to=.
        app.MapGet("/elsewhere", (HttpContext context) => context.Response.Redirect(context.Request.Query["to"].ToString()));
        server.BaseUrl = await LoopbackApp.StartAsync(app);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var range = context.Request.Headers.Range.ToString();
        lock (Ranges)
        {
            Ranges.Add(range);
        }

        long start = 0;
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range[6..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= Content.Length)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{Content.Length}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{Content.Length - 1}/{Content.Length}";
        }

        context.Response.ContentLength = Content.Length - start;
        context.Response.Headers.ETag = $"\"{Sha256}\"";
        var cut = CutAfter;
        CutAfter = null;
        for (var offset = start; offset < Content.Length; offset += 65536)
        {
            if (cut is { } limit && offset - start >= limit)
            {
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(Content.AsMemory((int)offset, (int)Math.Min(65536, Content.Length - offset)));
            if (ChunkDelay > TimeSpan.Zero)
            {
                await context.Response.Body.FlushAsync();
                await Task.Delay(ChunkDelay, context.RequestAborted);
            }
        }
    }
}
