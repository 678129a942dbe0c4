using System.Text.RegularExpressions;

namespace Aide.Conversations.Entities;

/// <summary>
/// Names of people, organisations and places: runs of two or more capitalised words ("Ada Lovelace", "Bank of
/// England"), or one after a title ("Dr. Hopper"). Sentence openers and other capitalised function words are
/// stripped by a stop list. The kind comes from cues: a title or a known first name means a person, a suffix such as
/// "Inc" or "University" an organisation, a suffix such as "River" or a preposition such as "in" a place; anything
/// else is reported as <see cref="EntityKinds.Name"/>. Hand-written because no maintained .NET NER library works
/// offline without a model download; this is a heuristic, measured by the labelled set in the tests.
/// </summary>
internal sealed partial class ProperNameDetector : IEntityDetector
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "i", "i'm", "i've", "i'd", "we", "you", "he", "she", "it", "they", "my", "our", "your", "his", "her", "their", "this", "that",
        "these", "those", "please", "hello", "hi", "hey", "thanks", "thank", "can", "could", "would", "should", "will", "shall", "may", "might", "must",
        "do", "does", "did", "is", "are", "was", "were", "be", "been", "what", "when", "where", "why", "how", "who", "which", "if", "then", "also",
        "but", "and", "or", "so", "yes", "no", "not", "ok", "okay", "sure", "let", "let's", "here", "there", "now", "today", "tomorrow", "yesterday",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december", "after", "before", "since", "until", "while", "during", "for", "from", "with", "without",
        "in", "on", "at", "to", "by", "about", "as", "of", "all", "any", "some", "every", "each", "both", "one", "two", "first", "last", "next",
        "note", "see", "use", "try", "make", "add", "remove", "fix", "check", "run", "call", "send", "write", "read", "show", "tell", "give", "find",
        "update", "create", "delete", "set", "get", "meet", "met", "ask", "asked", "email", "contact", "review", "visit", "visited", "ping", "thx",
        "dear", "regards", "best", "cheers", "summary", "question", "answer", "error", "warning", "step", "also", "just", "only", "maybe",
    };

    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "of", "de", "da", "del", "van", "von", "der", "den", "la", "le", "du", "&", "al", "bin" };

    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase) { "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "President", "Senator", "Captain", "Judge" };

    private static readonly HashSet<string> OrganizationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Inc", "Ltd", "LLC", "Corp", "Corporation", "Company", "Co", "Group", "University", "Institute", "Foundation", "Bank", "Labs", "Technologies",
        "Systems", "Association", "Agency", "Department", "Ministry", "Council", "Committee", "School", "College", "Hospital", "Airlines", "Partners",
        "Software", "Studios", "Society", "Organization", "Organisation", "Consulting", "Holdings", "GmbH", "AG", "SA", "Bureau", "Office", "Club",
        "Union", "Commission", "Authority", "Service", "Services", "Team", "Press", "Times", "News", "Motors", "Industries", "Enterprises", "Trust",
    };

    private static readonly HashSet<string> PlaceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "City", "County", "Street", "St", "Avenue", "Ave", "Road", "Rd", "River", "Lake", "Mountain", "Mountains", "Mount", "Island", "Islands", "Park",
        "Bay", "Valley", "Beach", "Kingdom", "Republic", "States", "Province", "Airport", "Station", "Bridge", "Square", "Coast", "Sea", "Ocean", "Desert",
        "Canyon", "Falls", "Heights", "Harbor", "Harbour", "Peninsula", "Village", "Town", "District", "Region", "Hills", "Forest", "Gardens", "Plaza",
    };

    private static readonly HashSet<string> PlaceCues = new(StringComparer.OrdinalIgnoreCase) { "in", "at", "from", "to", "near", "visit", "visiting", "visited", "toward", "towards", "across", "around", "outside", "inside", "via" };

    private static readonly HashSet<string> FirstNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Ada", "Alan", "Alice", "Amy", "Andrew", "Anna", "Anne", "Barbara", "Ben", "Bob", "Carlos", "Carol", "Charles", "Chris", "Claire", "Daniel", "David",
        "Diana", "Elena", "Elizabeth", "Emily", "Emma", "Eric", "Frank", "George", "Grace", "Hannah", "Hans", "Helen", "Henry", "Isaac", "Jack", "James",
        "Jane", "Jean", "Jennifer", "John", "Jose", "Juan", "Julia", "Karen", "Kate", "Laura", "Linda", "Linus", "Lisa", "Lucy", "Maria", "Marie", "Mark",
        "Martin", "Mary", "Michael", "Mike", "Nancy", "Nina", "Olivia", "Paul", "Peter", "Priya", "Rachel", "Raj", "Richard", "Robert", "Sam", "Sarah",
        "Sofia", "Sophie", "Steve", "Steven", "Susan", "Thomas", "Tim", "Tom", "Victor", "William", "Yuki", "Wei", "Ahmed", "Fatima", "Mohammed", "Olga",
        "Ivan", "Pierre", "Lars", "Ingrid", "Kenji", "Mei", "Luca", "Giulia", "Marco", "Ana", "Pedro", "Miguel", "Sara", "Noah", "Liam", "Ethan", "Ava",
        "Mia", "Chloe", "Zoe", "Leo", "Max", "Oscar", "Ruth", "Margaret", "Dennis", "Ken", "Bjarne", "Guido", "Anders", "Satya", "Tim", "Larry", "Sergey",
    };

    [GeneratedRegex(@"\b[A-Z][\p{L}'’-]*\.?|&|\b(?:of|de|da|del|van|von|der|den|la|le|du|al|bin)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public IEnumerable<EntityMatch> Detect(string text)
    {
        var words = Word().Matches(text);
        var i = 0;
        while (i < words.Count)
        {
            // Grow a run of capitalised words joined by single spaces (connectors only between capitalised words).
            var run = new List<Match> { words[i] };
            var j = i + 1;
            while (j < words.Count && IsAdjacent(text, words[j - 1], words[j]) && !EndsSentence(words[j - 1].Value))
            {
                run.Add(words[j]);
                j++;
            }

            i = j;
            foreach (var match in Classify(text, run))
            {
                yield return match;
            }
        }
    }

    private static IEnumerable<EntityMatch> Classify(string text, List<Match> run)
    {
        // Drop leading stop words ("Please Ada Lovelace" → "Ada Lovelace") and trailing connectors.
        var start = 0;
        var title = false;
        while (start < run.Count && (StopWords.Contains(Bare(run[start].Value)) || Connectors.Contains(run[start].Value) || Titles.Contains(Bare(run[start].Value))))
        {
            title |= Titles.Contains(Bare(run[start].Value));
            start++;
        }

        var end = run.Count;
        while (end > start && (Connectors.Contains(run[end - 1].Value) || StopWords.Contains(Bare(run[end - 1].Value))))
        {
            end--;
        }

        var capitalised = 0;
        for (var k = start; k < end; k++)
        {
            capitalised += char.IsUpper(run[k].Value[0]) ? 1 : 0;
        }

        if (capitalised < 2 && !(title && capitalised == 1))
        {
            yield break;
        }

        var first = run[start];
        var last = run[end - 1];
        var name = text[first.Index..(last.Index + last.Length)].TrimEnd('.');
        if (name.EndsWith("'s", StringComparison.Ordinal) || name.EndsWith("’s", StringComparison.Ordinal))
        {
            name = name[..^2];
        }

        var lastWord = Bare(last.Value);
        var kind = title || FirstNames.Contains(Bare(first.Value)) ? EntityKinds.Person
            : PlaceWords.Contains(lastWord) ? EntityKinds.Place
            : run.Skip(start).Take(end - start).Any(w => OrganizationWords.Contains(Bare(w.Value))) ? EntityKinds.Organization
            : PlaceWords.Contains(Bare(first.Value)) || PrecededByPlaceCue(text, first.Index) ? EntityKinds.Place
            : EntityKinds.Name;
        yield return new EntityMatch(first.Index, name.Length, new DetectedEntity(kind, name));
    }

    private static bool PrecededByPlaceCue(string text, int index)
    {
        var before = text.AsSpan(0, index).TrimEnd();
        var space = before.LastIndexOfAny(' ', '\n', '\t');
        var word = before[(space + 1)..];
        return PlaceCues.Contains(word.ToString());
    }

    private static bool IsAdjacent(string text, Match previous, Match next)
    {
        var gap = text.AsSpan(previous.Index + previous.Length, next.Index - previous.Index - previous.Length);
        return gap is " " || (gap.Length == 0 && next.Value == "&");
    }

    private static bool EndsSentence(string word) => word.EndsWith('.') && !Titles.Contains(Bare(word)) && word.Length > 2;

    private static string Bare(string word)
    {
        var bare = word.TrimEnd('.');
        return bare.EndsWith("'s", StringComparison.Ordinal) || bare.EndsWith("’s", StringComparison.Ordinal) ? bare[..^2] : bare.TrimEnd('\'', '’');
    }
}
