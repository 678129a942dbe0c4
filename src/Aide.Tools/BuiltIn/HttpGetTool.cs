using System.Net;
using System.Text;
using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary>
/// <c>http_get</c>: fetches a URL on loopback or on a host the user allowed (<c>toolsHttpAllow</c>), following
/// redirects only to such hosts, and gives back the status and the body as text, read up to a bound.
/// </summary>
internal sealed class HttpGetTool(HttpClient http, IReadOnlyCollection<string> allowedHosts) : BuiltInTool(
    "http_get",
    "Fetches a web page or API response with HTTP GET and returns its status and body. Only loopback addresses and hosts the user allowed can be reached.",
    """{"type":"object","properties":{"url":{"type":"string","description":"The absolute http or https URL."}},"required":["url"]}""")
{
    private const int MaxBodyBytes = 256 << 10;
    private const int MaxRedirects = 5;

    public override bool ReadOnly => true;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var url = RequiredString(arguments, "url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.");
        }

        for (var redirects = 0; ; redirects++)
        {
            if (!Allowed(uri))
            {
                throw new UnauthorizedAccessException($"{uri.Host} is not on loopback or in the allowed hosts (config toolsHttpAllow); it was not fetched.");
            }

            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location && redirects < MaxRedirects)
            {
                uri = new Uri(uri, location);
                continue;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxBodyBytes];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = new StringBuilder().Append("HTTP ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append('\n');
            if (response.Content.Headers.ContentType is { } type)
            {
                text.Append("content-type: ").Append(type).Append('\n');
            }

            text.Append('\n').Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (read == MaxBodyBytes)
            {
                text.Append(FormattableString.Invariant($"\n[body cut at {MaxBodyBytes:N0} bytes]"));
            }

            return text.ToString();
        }
    }

    private bool Allowed(Uri uri) =>
        uri.IsLoopback
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))
        || allowedHosts.Any(h => string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase));
}
