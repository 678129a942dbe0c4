using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests.Support;

/// <summary>Scripted answers in the OpenAI chat-completions wire format (JSON, or SSE when the request streams).</summary>
public static class Respond
{
    public const string Model = "loopback-model";

    /// <summary>A normal answer: streamed as one SSE event per chunk, with usage, or as one JSON completion.</summary>
    public static Responder Answer(params string[] chunks) => Answer(withUsage: true, chunks);

    /// <summary>An answer from a server that reports no token usage (some OpenAI-compatible ones do not).</summary>
    public static Responder AnswerWithoutUsage(params string[] chunks) => Answer(withUsage: false, chunks);

    private static Responder Answer(bool withUsage, string[] chunks) => async (context, request) =>
    {
        if (request.Json?["stream"]?.GetValue<bool>() == true)
        {
            await StartStream(context);
            foreach (var chunk in chunks)
            {
                await WriteChunk(context, chunk);
            }

            await FinishStream(context, chunks, withUsage);
            return;
        }

        var completion = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "chatcmpl-loopback",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = Model,
            ["choices"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["index"] = 0,
                ["message"] = new System.Text.Json.Nodes.JsonObject { ["role"] = "assistant", ["content"] = string.Concat(chunks) },
                ["finish_reason"] = "stop",
            }),
        };
        if (withUsage)
        {
            completion["usage"] = new System.Text.Json.Nodes.JsonObject { ["prompt_tokens"] = 7, ["completion_tokens"] = chunks.Length, ["total_tokens"] = 7 + chunks.Length };
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(completion.ToJsonString());
    };

    /// <summary>Answers "echo: " and the last message sent (the question), streamed or not as asked.</summary>
    public static Responder Echo() => (context, request) => Answer("echo: ", request.LastMessageContent)(context, request);

    /// <summary>A 200 with <paramref name="body"/> as it is, whatever was asked.</summary>
    public static Responder Raw(string contentType, string body) => async (context, _) =>
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    /// <summary>A whole JSON completion even when a stream was asked for (as some OpenAI-compatible servers do).</summary>
    public static Responder IgnoringStream(string text) => (context, request) =>
    {
        var json = request.Json!;
        json["stream"] = false;
        return Answer(text)(context, request with { Body = json.ToJsonString() });
    };

    /// <summary>Streams the chunks, then ends the response without a finish_reason or [DONE].</summary>
    public static Responder Unfinished(params string[] chunks) => async (context, _) =>
    {
        await StartStream(context);
        foreach (var chunk in chunks)
        {
            await WriteChunk(context, chunk);
        }
    };

    /// <summary>Streams the chunks, then <paramref name="bytes"/> bytes of one line that never ends.</summary>
    public static Responder EndlessLine(long bytes, params string[] chunks) => async (context, _) =>
    {
        await StartStream(context);
        foreach (var chunk in chunks)
        {
            await WriteChunk(context, chunk);
        }

        var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (long sent = 0; sent < bytes && !context.RequestAborted.IsCancellationRequested; sent += block.Length)
        {
            await context.Response.Body.WriteAsync(block, context.RequestAborted);
        }
    };

    /// <summary>Streams <paramref name="first"/>, waits for <paramref name="gate"/>, then streams <paramref name="second"/>.</summary>
    public static Responder Gated(string first, Task gate, string second) => async (context, _) =>
    {
        await StartStream(context);
        await WriteChunk(context, first);
        await gate.WaitAsync(context.RequestAborted);
        await WriteChunk(context, second);
        await FinishStream(context, [first, second]);
    };

    /// <summary>An HTTP error with an OpenAI-style error body.</summary>
    public static Responder Error(int status, string message, params (string Name, string Value)[] headers) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type = "test_error", code = status } }));
    };

    /// <summary>A stream whose event is not JSON.</summary>
    public static Responder MalformedStream() => async (context, _) =>
    {
        await StartStream(context);
        await context.Response.WriteAsync("data: {\"id\": \"chatcmpl-1\", \"choices\": [ this is not json\n\n");
        await context.Response.Body.FlushAsync();
    };

    /// <summary>
    /// Streams the chunks, waits for <paramref name="gate"/> (the client has shown them: an abort resets the
    /// connection, and a reset can overtake data the client has not read yet), then drops the connection.
    /// </summary>
    public static Responder DropAfter(Task gate, params string[] chunks) => async (context, _) =>
    {
        await StartStream(context);
        foreach (var chunk in chunks)
        {
            await WriteChunk(context, chunk);
        }

        await gate.WaitAsync(context.RequestAborted);
        context.Abort();
    };

    /// <summary>Never answers (until the client gives up).</summary>
    public static Responder Hang() => async (context, _) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away, as the test expects.
        }
    };

    /// <summary>
    /// Asks for a tool, as a model does: streamed, the call's id and name in one chunk and its arguments split over two
    /// (as OpenAI sends them), then finish_reason tool_calls; not streamed, one message with tool_calls.
    /// </summary>
    public static Responder ToolCall(string name, string arguments, string id = "call_1") => async (context, request) =>
    {
        if (request.Json?["stream"]?.GetValue<bool>() != true)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-loopback",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id, type = "function", function = new { name, arguments } } } }, finish_reason = "tool_calls" } },
                usage = new { prompt_tokens = 7, completion_tokens = 5, total_tokens = 12 },
            }));
            return;
        }

        await StartStream(context);
        var half = arguments.Length / 2;
        await WriteToolDelta(context, new { index = 0, id, type = "function", function = new { name, arguments = arguments[..half] } });
        await WriteToolDelta(context, new { index = 0, function = new { arguments = arguments[half..] } });
        await WriteEvent(context, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-loopback",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = Model,
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "tool_calls" } },
        }));
        await WriteEvent(context, "[DONE]");
    };

    private static Task WriteToolDelta(HttpContext context, object call) => WriteEvent(context, JsonSerializer.Serialize(new
    {
        id = "chatcmpl-loopback",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model = Model,
        choices = new[] { new { index = 0, delta = new { role = "assistant", tool_calls = new[] { call } }, finish_reason = (string?)null } },
    }));

    private static async Task StartStream(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync();
    }

    private static async Task WriteChunk(HttpContext context, string text)
    {
        var chunk = new
        {
            id = "chatcmpl-loopback",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = Model,
            choices = new[] { new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)null } },
        };
        await WriteEvent(context, JsonSerializer.Serialize(chunk));
    }

    private static async Task FinishStream(HttpContext context, string[] chunks, bool withUsage = true)
    {
        await WriteEvent(context, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-loopback",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = Model,
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
        }));
        if (!withUsage)
        {
            await WriteEvent(context, "[DONE]");
            return;
        }

        await WriteEvent(context, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-loopback",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = Model,
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = 7, completion_tokens = chunks.Length, total_tokens = 7 + chunks.Length },
        }));
        await WriteEvent(context, "[DONE]");
    }

    private static async Task WriteEvent(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
        await context.Response.Body.FlushAsync();
    }
}
