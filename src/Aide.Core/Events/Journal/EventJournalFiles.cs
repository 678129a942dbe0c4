namespace Aide.Events.Journal;

/// <summary>The journal's file names: <c>events.jsonl</c> (current) and <c>events.N.jsonl</c> (older, N = 1 newest).</summary>
internal static class EventJournalFiles
{
    public const string Current = "events.jsonl";

    public static string Rotated(int index) => $"events.{index}.jsonl";

    /// <summary>Gets the journal files oldest first, as a reader should read them.</summary>
    public static IEnumerable<string> OldestFirst(string directory, int rotatedFiles)
    {
        for (var i = rotatedFiles; i >= 1; i--)
        {
            var path = Path.Combine(directory, Rotated(i));
            if (File.Exists(path))
            {
                yield return path;
            }
        }

        var current = Path.Combine(directory, Current);
        if (File.Exists(current))
        {
            yield return current;
        }
    }
}
