using System.Net.Http.Headers;
using System.Text;

namespace Aide.Providers.Http;

/// <summary>
/// Sits under an HTTP provider's SDK: every reply is read within bounds (<see cref="GuardedLineStream"/>), a stream
/// that was cut off is an error rather than a short answer, and (for OpenAI-compatible servers) a whole completion sent
/// where a stream was asked for is read as the answer it is (<see cref="CompletionAsEvents"/>), and an HTTP error is
/// raised with its status, body and Retry-After, which Aide's error classification reads whatever the SDK. Put it under
/// the <see cref="HttpClient"/> of an <see cref="IChatProvider"/> that speaks HTTP.
/// </summary>
/// <param name="provider">The provider as errors name it (<see cref="Configuration.ProviderSettings.ToString"/>: no key, no secrets of its address).</param>
/// <param name="maxAnswerBytes">The most bytes of one reply read (<see cref="ProviderOptions.MaxAnswerBytes"/>).</param>
/// <param name="openAICompatible">Whether the server speaks OpenAI's chat completions (a whole completion may then stand for a stream).</param>
public sealed class ReplyGuardHandler(string provider, long maxAnswerBytes, bool openAICompatible) : DelegatingHandler
{
    /// <summary>The longest line of a streamed reply: an event holds a few tokens; 1 MB leaves room for large tool-call arguments.</summary>
    private const int MaxLineBytes = 1 << 20;

    private static ReadOnlySpan<byte> StreamTrue => "\"stream\":true"u8;

    /// <summary>
    /// Gets the request option by which a client says whether it asked for a stream; without it the handler looks for
    /// <c>"stream":true</c> in the request body (a copy of the body per request).
    /// </summary>
    public static HttpRequestOptionsKey<bool> StreamAsked { get; } = new("Aide.StreamAsked");

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(StreamAsked, out var streamAsked))
        {
            streamAsked = request.Content is { } body && (await body.ReadAsByteArrayAsync(cancellationToken)).AsSpan().IndexOf(StreamTrue) >= 0;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProviderHttpException.FromResponseAsync(provider, response, cancellationToken);
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        var events = string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (openAICompatible && streamAsked && !events)
        {
            var whole = await ReadBoundedAsync(response.Content, cancellationToken);
            if (CompletionAsEvents.TryConvert(whole, out var converted))
            {
                Replace(response, new ByteArrayContent(converted), "text/event-stream");
                return response;
            }

            // Not a completion either: an event stream mislabelled, or garbage the SDK will find no answer in.
            Replace(response, new StreamContent(Guard(new MemoryStream(whole), events: true)), type);
            return response;
        }

        if (!events && response.Content.Headers.ContentLength <= Math.Min(MaxLineBytes, maxAnswerBytes))
        {
            // Bounded by its declared length, which HttpClient never reads past: no guard to build (most whole answers).
            return response;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        Replace(response, new StreamContent(Guard(stream, events)), type);
        return response;
    }

    private GuardedLineStream Guard(Stream stream, bool events) =>
        new(stream, provider, (int)Math.Min(MaxLineBytes, maxAnswerBytes), maxAnswerBytes, events);

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var guarded = Guard(await content.ReadAsStreamAsync(cancellationToken), events: false);
        using var copy = new MemoryStream();
        await guarded.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private static void Replace(HttpResponseMessage response, HttpContent content, string? mediaType)
    {
        foreach (var header in response.Content.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = mediaType.StartsWith("text/", StringComparison.Ordinal) ? Encoding.UTF8.WebName : null };
        }

        response.Content = content;
    }
}
