using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Aide.Providers.Http;

/// <summary>
/// A provider answered with an HTTP error. <see cref="ReplyGuardHandler"/> raises it under every HTTP provider's SDK,
/// with what classifying the error needs (status, the start of the body, Retry-After), so the classifier reads one
/// exception whatever SDK wrapped it (the OpenAI SDK's <c>ClientResultException</c>, OllamaSharp's own).
/// </summary>
internal sealed class ProviderHttpException : HttpRequestException
{
    /// <summary>The most of an error body kept: error JSON is a few hundred bytes; a server's HTML page is cut.</summary>
    private const int MaxBodyBytes = 64 << 10;

    private ProviderHttpException(string message, HttpStatusCode status, byte[] body, TimeSpan? retryAfter)
        : base(message, null, status)
    {
        Body = body;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the start of the error body (at most 64 KB).</summary>
    public byte[] Body { get; }

    /// <summary>Gets how long the server asked to wait (<c>retry-after-ms</c>, or <c>Retry-After</c> in seconds or as a date).</summary>
    public TimeSpan? RetryAfter { get; }

    public static async Task<ProviderHttpException> FromResponseAsync(string provider, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var body = await ReadStartAsync(response.Content, cancellationToken);
            var status = (int)response.StatusCode;
            return new ProviderHttpException(
                string.Create(CultureInfo.InvariantCulture, $"{provider} answered HTTP {status} ({response.ReasonPhrase})."),
                response.StatusCode,
                body,
                RetryAfterOf(response.Headers));
        }
    }

    private static async Task<byte[]> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (IOException)
        {
            // The connection dropped while the error was read: what arrived is what there is.
        }

        return buffer[..length];
    }

    private static TimeSpan? RetryAfterOf(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta && delta >= TimeSpan.Zero)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var now = headers.Date ?? date;
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        return null;
    }
}
