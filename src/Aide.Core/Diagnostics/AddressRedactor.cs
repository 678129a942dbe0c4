using System.Text;
using System.Text.RegularExpressions;

namespace Aide.Diagnostics;

/// <summary>
/// Hides the secrets an address can carry wherever Aide shows or stores one (events, errors, cached answers, JSON
/// output, health): the user information (<c>user:password@</c>), every query value (<c>?key=sk-…</c> becomes
/// <c>?key=***</c>) and the fragment. The one redaction for addresses; the request itself still uses the real one.
/// </summary>
public static partial class AddressRedactor
{
    /// <summary>Redacts one address (an absolute URL, or anything else, returned as it is when it has no such parts).</summary>
    /// <param name="address">The address.</param>
    /// <returns>The address with user information, query values and fragment replaced by <c>***</c>.</returns>
    public static string Redact(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return address;
        }

        var authorityStart = scheme + 3;
        var authorityEnd = address.IndexOfAny(['/', '?', '#'], authorityStart);
        authorityEnd = authorityEnd < 0 ? address.Length : authorityEnd;
        var text = new StringBuilder(address.Length).Append(address, 0, authorityStart);
        var authority = address.AsSpan(authorityStart, authorityEnd - authorityStart);
        var at = authority.LastIndexOf('@');
        text.Append(at < 0 ? authority : string.Concat(SecretRedactor.Mask, authority[at..]));

        var fragment = address.IndexOf('#', authorityEnd);
        var queryStart = address.IndexOf('?', authorityEnd);
        if (queryStart >= 0 && fragment >= 0 && queryStart > fragment)
        {
            queryStart = -1;
        }

        var pathEnd = queryStart >= 0 ? queryStart : fragment >= 0 ? fragment : address.Length;
        text.Append(address, authorityEnd, pathEnd - authorityEnd);
        if (queryStart >= 0)
        {
            var query = address[(queryStart + 1)..(fragment >= 0 ? fragment : address.Length)];
            text.Append('?').AppendJoin('&', query.Split('&').Select(RedactParameter));
        }

        if (fragment >= 0 && fragment + 1 < address.Length)
        {
            text.Append('#').Append(SecretRedactor.Mask);
        }

        return text.ToString();
    }

    /// <summary>Redacts every http(s) address found in a piece of text (an exception message, a server's reply).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with its addresses redacted.</returns>
    public static string RedactWithin(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("://", StringComparison.Ordinal) ? Url().Replace(text, m => Redact(m.Value)) : text;
    }

    private static string RedactParameter(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? (parameter.Length == 0 ? parameter : SecretRedactor.Mask)
            : equals == parameter.Length - 1 ? parameter : string.Concat(parameter.AsSpan(0, equals + 1), SecretRedactor.Mask);
    }

    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s""'<>]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
