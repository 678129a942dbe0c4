using System.Buffers;
using System.Text;
using System.Text.Json;
using Aide.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aide.Server.Dashboard;

/// <summary>
/// <c>GET /api/events</c> (the latest, newest first) and <c>GET /api/events/stream</c> (Server-Sent Events: one
/// <c>id:</c> + <c>data:</c> per event, the id being the journal's; with <c>Last-Event-ID</c>, the events after that
/// one are sent first, so a page that reconnects after a restart loses none). Both filter by <c>category</c>,
/// <c>type</c> (repeatable) and <c>session</c>. Each event is the journal's JSON with its <c>category</c> added.
/// </summary>
internal static class DashboardEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task ListAsync(HttpContext context, AideDashboard dashboard)
    {
        var matches = Filter(context.Request.Query);
        var limit = int.TryParse(context.Request.Query["limit"], out var n) ? Math.Clamp(n, 1, DashboardRecorder.EventCapacity) : 200;
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("["u8);
        var first = true;
        foreach (var json in dashboard.Recorder.RecentEvents().Where(matches).Select(Json).OfType<byte[]>().Take(limit))
        {
            if (!first)
            {
                buffer.Write(","u8);
            }

            first = false;
            buffer.Write(json);
        }

        buffer.Write("]"u8);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    public static async Task StreamAsync(HttpContext context, AideDashboard dashboard)
    {
        var lastId = Guid.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var id) ? id : (Guid?)null;
        var feed = new EventFeed(Filter(context.Request.Query));
        var missed = dashboard.Recorder.Attach(feed, lastId);
        try
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            var response = context.Response.BodyWriter;
            response.Write("retry: 1000\n\n"u8);
            foreach (var evt in missed.Where(feed.Matches))
            {
                WriteEvent(response, evt);
            }

            await response.FlushAsync(context.RequestAborted);

            // A stream never ends by itself: it ends when the page goes or the server stops (it must not hold the
            // server's drain for answers in progress; the page reconnects with Last-Event-ID).
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var cancel = ending.Token;
            while (!cancel.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                wait.CancelAfter(KeepAlive);
                try
                {
                    await feed.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    response.Write(": keep-alive\n\n"u8); // proxies and browsers keep an idle stream open
                }

                while (feed.Reader.TryRead(out var evt))
                {
                    WriteEvent(response, evt);
                }

                await response.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away, or the server is stopping
        }
        finally
        {
            dashboard.Recorder.Detach(feed);
        }
    }

    /// <summary>The filter of the query string: <c>category</c>, <c>type</c> (repeatable, or comma-separated), <c>session</c>.</summary>
    public static Func<AideEvent, bool> Filter(IQueryCollection query)
    {
        EventCategory? category = Enum.TryParse<EventCategory>(query["category"], ignoreCase: true, out var c) ? c : null;
        var types = query["type"].SelectMany(t => (t ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var session = query["session"].ToString();
        return evt => (category is null || evt.Category == category)
            && (types.Count == 0 || types.Contains(evt.GetType().Name))
            && (session.Length == 0 || string.Equals(evt.SessionId, session, StringComparison.Ordinal));
    }

    private static void WriteEvent(IBufferWriter<byte> output, AideEvent evt)
    {
        if (Json(evt) is not { } json)
        {
            return;
        }

        output.Write("id: "u8);
        output.Write(Encoding.ASCII.GetBytes(evt.Id.ToString("D")));
        output.Write("\ndata: "u8);
        output.Write(json); // one line: the journal's JSON has no raw newlines
        output.Write("\n\n"u8);
    }

    /// <summary>The journal's JSON of the event with <c>"category"</c> first; <see langword="null"/> for a type Aide does not define.</summary>
    private static byte[]? Json(AideEvent evt)
    {
        var output = new ArrayBufferWriter<byte>(320);
        output.Write("{\"category\":\""u8);
        output.Write(Encoding.ASCII.GetBytes(evt.Category.ToString().ToLowerInvariant()));
        output.Write("\","u8);
        var start = output.WrittenCount;
        using (var writer = new Utf8JsonWriter(output, AideEventJson.WriterOptions))
        {
            if (!AideEventJson.TryWrite(writer, evt))
            {
                return null;
            }
        }

        var json = output.WrittenSpan.ToArray();
        json.AsSpan(start + 1).CopyTo(json.AsSpan(start)); // drop the event's own '{'
        return json[..^1];
    }
}
