using System.Text.RegularExpressions;

namespace Aide.Conversations;

/// <summary>
/// Conversation names: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit. Names are looked up in
/// the store and used in export file names, so anything that could act as a path ("../x", "/etc", "a/b") is refused.
/// </summary>
public static partial class ConversationName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is a valid conversation name.</summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> if it may be used.</returns>
    public static bool IsValid(string? name) => name is not null && name.Length <= MaxLength && Pattern().IsMatch(name);

    /// <summary>Returns <paramref name="name"/> if valid, otherwise throws an error that says what is allowed.</summary>
    /// <param name="name">The name to check.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ConversationStoreException">The name is not valid.</exception>
    public static string Validate(string? name) => IsValid(name) ? name! : throw new ConversationStoreException(ConversationStoreError.InvalidName, Problem(name));

    /// <summary>The one wording of the rule, for this exception and for command-line validation alike.</summary>
    /// <param name="name">The name that was refused.</param>
    /// <returns>What is wrong with it and what a name may be.</returns>
    public static string Problem(string? name) =>
        $"'{Printable(name)}' is not a valid conversation name: use 1 to {MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. work, bug-1234).";

    /// <summary>Makes a fresh name from a time, e.g. <c>20261127-023612-4f1a</c>.</summary>
    /// <param name="now">The time.</param>
    /// <returns>A valid name.</returns>
    public static string Generate(DateTimeOffset now) =>
        FormattableString.Invariant($"{now.UtcDateTime:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}");

    /// <summary>
    /// Makes a fresh, readable name from a question: its first words, lower case, joined by '-' (up to 24 characters,
    /// small words left out), and four random hex digits so two alike questions get two names, e.g.
    /// <c>explain-write-ahead-log-4f1a</c>. A question without letters or digits of ASCII gets <see cref="Generate"/>'s.
    /// </summary>
    /// <param name="question">The question, as the user typed it.</param>
    /// <param name="now">The time, for the fallback name.</param>
    /// <returns>A valid name.</returns>
    public static string FromQuestion(string question, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(question);
        var all = Words(question).ToList();
        var meaningful = all.Where(w => !SmallWords.Contains(w)).ToList();
        var words = new List<string>();
        var length = 0;
        foreach (var word in meaningful.Count > 0 ? meaningful : all)
        {
            var taken = word.Length > MaxReadableLength ? word[..MaxReadableLength] : word;
            if (words.Count > 0 && length + taken.Length + 1 > MaxReadableLength)
            {
                break;
            }

            words.Add(taken);
            length += taken.Length + 1;
        }

        return words.Count == 0
            ? Generate(now)
            : FormattableString.Invariant($"{string.Join('-', words)}-{Random.Shared.Next(0x10000):x4}");
    }

    private const int MaxReadableLength = 24; // with its suffix, short enough that a list of names leaves a title room in 80 columns

    private static readonly HashSet<string> SmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "it", "this", "that", "me", "my",
        "i", "you", "your", "please", "can", "could", "would", "what", "how", "why", "do", "does", "with", "as", "at", "by",
    };

    /// <summary>
    /// Latin-1's letters À…ÿ without their accents (' ' for ×, ÷ and letters with no one-letter form). A table, not
    /// <c>string.Normalize</c>: the native build runs in invariant-globalization mode.
    /// </summary>
    private const string LatinFold = "aaaaaaaceeeeiiii" + "dnooooo ouuuuy s" + "aaaaaaaceeeeiiii" + "dnooooo ouuuuy y";

    private static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is >= '\u00C0' and <= '\u00FF' && LatinFold[c - '\u00C0'] is var plain and not ' ')
            {
                word.Append(plain); // café → cafe: names stay ASCII, as they must, without losing the word
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static string Printable(string? name)
    {
        if (name is null)
        {
            return string.Empty;
        }

        var shown = new string([.. name.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return name.Length > 80 ? shown + "…" : shown;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
