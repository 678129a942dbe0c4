using System.Text.RegularExpressions;

namespace Aide.Conversations.Entities;

/// <summary>
/// The detectors that a regular expression describes well. Regexes are source-generated (no start-up compile cost);
/// each detector trims what sentences wrap around a match (a full stop after a URL, a closing parenthesis).
/// </summary>
internal static partial class PatternDetectors
{
    private const string TrailingPunctuation = ".,;:!?)]}'\"`>";

    private static IEnumerable<EntityMatch> Matches(Regex regex, string text, string kind, Func<string, string?> normalise, bool trim = true)
    {
        foreach (Match match in regex.Matches(text))
        {
            var value = text.AsSpan(match.Index, match.Length);
            if (trim)
            {
                value = value.TrimEnd(TrailingPunctuation);
            }

            if (value.Length == 0 || normalise(value.ToString()) is not { Length: > 0 } normalised)
            {
                continue;
            }

            yield return new EntityMatch(match.Index, value.Length, new DetectedEntity(kind, normalised));
        }
    }

    /// <summary>Collapses spaces, and drops a full stop that ends the sentence rather than the time ("at 9am.").</summary>
    private static string Collapse(string value) => WhitespaceRun().Replace(value.Trim(), " ").TrimEnd('.');

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]{1,15}://[^\s<>""'`]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>""'`]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(
        @"(?<![\w/:.@-])(?:~|\.{1,2})?/(?:[\w.@+-]+/)*[\w.@+-]+/?" + // Unix: /etc/hosts, ~/x, ./a/b
        @"|\b[A-Za-z]:\\(?:[^\\\s""'<>|]+\\)*[^\\\s""'<>|]*" + // Windows: C:\Users\me
        @"|\b(?:[\w.-]+/)+[\w.-]+\.\w{1,10}\b" + // relative with an extension: src/app/main.cs
        @"|\b[\w-]+\.(?:cs|csproj|sln|slnx|props|py|js|mjs|ts|tsx|jsx|json|jsonl|md|txt|ya?ml|toml|ini|cfg|conf|go|rs|java|kt|c|h|cpp|hpp|sh|ps1|log|csv|xml|html?|css|sql|db|lock|gguf|dll|exe)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex FilePath();

    [GeneratedRegex(
        @"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b" +
        @"|\b\d{1,2}/\d{1,2}/\d{2,4}\b" +
        @"|\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b" +
        @"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:,?\s+\d{4})?\b" +
        @"|\b(?:January|February|March|April|June|July|August|September|October|November|December)\s+\d{4}\b" +
        @"|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?" +
        @"|\b\d{1,2}\s*[ap]\.?m\b\.?" +
        @"|\b(?:next|last|this)\s+(?:week|month|year|quarter|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b" +
        @"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tomorrow|yesterday|tonight)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateOrTime();

    // Single-letter units only when attached to the number (30s, 5m, 100W): "5 m" or "3 in" is too often prose.
    [GeneratedRegex(
        @"[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion|thousand)\b)?" +
        @"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|(?:ms|µs|us|ns|sec|secs|seconds?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?|bytes?|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|kB|Kb|Mb|Gb|km|cm|mm|kg|mg|lbs?|miles?|ft|feet|inches|°[CF]|Hz|kHz|MHz|GHz|kW|mAh|px|pt|rpm|fps|tokens?|USD|EUR|GBP|dollars?|euros?|cores?|threads?|requests?|rps|qps)\b)" +
        @"|\b\d+(?:\.\d+)?(?:s|m|h|d|g|B|W|V|A|K|M|G|k)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(
        @"`[^`\n]{1,80}`" +
        @"|\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\(\)" + // Console.WriteLine()
        @"|\b[A-Za-z_][A-Za-z0-9_]*\(\)" + // run()
        @"|\b[A-Z][A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]+)+\b" + // System.Text.Json
        @"|\b[a-z]+[0-9]*(?:[A-Z][a-z0-9]+)+\b" + // camelCase
        @"|\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+[a-z0-9]\b" + // PascalCase with two humps or more
        @"|\bI[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*\b" + // .NET interfaces: ILogger, IChatClient
        @"|\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b", // snake_case, SCREAMING_SNAKE, DOTNET_gcServer
        RegexOptions.CultureInvariant)]
    private static partial Regex CodeIdentifier();

    /// <summary>Web addresses; the scheme and host are lower-cased, the rest kept.</summary>
    internal sealed class UrlDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(Url(), text, EntityKinds.Url, static url =>
        {
            var withScheme = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + url : url;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                return null;
            }

            var rest = uri.PathAndQuery == "/" && !url.EndsWith('/') ? string.Empty : uri.PathAndQuery + uri.Fragment;
            return $"{uri.Scheme}://{uri.Authority.ToLowerInvariant()}{rest}";
        });
    }

    /// <summary>E-mail addresses, lower-cased.</summary>
    internal sealed class EmailDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(Email(), text, EntityKinds.Email, static e => e.ToLowerInvariant());
    }

    /// <summary>Unix and Windows paths, relative paths with an extension, and file names with a known extension.</summary>
    internal sealed class PathDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(FilePath(), text, EntityKinds.Path, static p => p.Length > 1 ? p : null);
    }

    /// <summary>ISO and numeric dates, month-name dates, clock times, weekdays and relative days.</summary>
    internal sealed class DateTimeDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(DateOrTime(), text, EntityKinds.DateTime, Collapse, trim: false);
    }

    /// <summary>Numbers with a unit or currency, with the space between them normalised away.</summary>
    internal sealed class QuantityDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(NumberWithUnit(), text, EntityKinds.Quantity, static q => WhitespaceRun().Replace(q.Trim(), string.Empty), trim: false);
    }

    /// <summary>Code identifiers: backticked code, calls, dotted names, camelCase, PascalCase, snake_case.</summary>
    internal sealed class IdentifierDetector : IEntityDetector
    {
        public IEnumerable<EntityMatch> Detect(string text) => Matches(CodeIdentifier(), text, EntityKinds.Identifier, static id => id.Trim('`').Trim() is { Length: > 0 } code ? code : null, trim: false);
    }
}
