using System.Buffers;
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
    /// what to send) — the error has then been written.
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, long maxBytes, JsonTypeInfo<T> type, string what, string expected)
        where T : class
    {
        var body = await ReadAsync(context.Request, maxBytes, context.RequestAborted);
        if (body is null)
        {
            await OpenAIErrors.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than this server accepts ({maxBytes:N0} bytes; aide serve --max-body).", "invalid_request_error", null, "request_too_large");
            return null;
        }

        T? value;
        try
        {
            value = body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"The request body is not a valid {what} request: {e.Message}");
            return null;
        }

        if (value is null)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"The request body is empty: send a JSON object with {expected}.");
        }

        return value;
    }

    /// <summary>The body, or <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }
}
