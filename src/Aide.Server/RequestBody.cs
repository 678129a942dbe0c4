using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aide.Server.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Aide.Server;

/// <summary>Reads a request body whole, up to a bound: a declared or actual size over it is refused before anything is parsed.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body read (up to <paramref name="maxBytes"/>) and parsed as <typeparamref name="T"/>; <see langword="null"/>
    /// when it was too large (413), not valid JSON of that shape (400, the message says where) or empty (400, saying
    /// what to send) — the error has then been written. The body is parsed where Kestrel received it (its pipe's
    /// buffers), not copied: a copy into a 16 KB buffer was 2.5 % of the gateway's CPU (zeroing the array).
    /// The 413 names <c>limitSource</c>, where the bound is set (none for a fixed bound).
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, long maxBytes, JsonTypeInfo<T> type, string what, string expected, string? limitSource = "aide serve --max-body")
        where T : class
    {
        var reader = context.Request.BodyReader;
        if (context.Request.ContentLength > maxBytes || await ReadWholeAsync(reader, maxBytes, context.RequestAborted) is not { } body)
        {
            await OpenAIErrors.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than this server accepts ({maxBytes:N0} bytes{(limitSource is null ? string.Empty : "; " + limitSource)}).", "invalid_request_error", null, "request_too_large");
            return null;
        }

        T? value;
        try
        {
            value = body.IsEmpty ? null : Parse(body, type);
        }
        catch (JsonException e)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"The request body is not a valid {what} request: {e.Message}");
            return null;
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }

        if (value is null)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"The request body is empty: send a JSON object with {expected}.");
        }

        return value;
    }

    /// <summary>
    /// The whole body, still held by <paramref name="reader"/> (the caller advances past it), or <see langword="null"/>
    /// when it grew past <paramref name="maxBytes"/> (then nothing is held).
    /// </summary>
    private static async Task<ReadOnlySequence<byte>?> ReadWholeAsync(PipeReader reader, long maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                return read.Buffer;
            }

            // Nothing consumed, everything examined: the next read returns it all again, with more.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static T? Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> type)
    {
        var options = type.Options;
        var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = options.MaxDepth, AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.ReadCommentHandling });
        return JsonSerializer.Deserialize(ref json, type);
    }
}
