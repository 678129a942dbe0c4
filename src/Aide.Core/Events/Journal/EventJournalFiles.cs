namespace Aide.Events.Journal;

/// <summary>The journal's file names: <c>events.jsonl</c> (current) and <c>events.N.jsonl</c> (older, N = 1 newest).</summary>
internal static class EventJournalFiles
{
    public const string Current = "events.jsonl";

    /// <summary>Every journal file starts with this, followed by a random file id and a newline.</summary>
    public static ReadOnlySpan<byte> HeaderPrefix => "{\"journal\":\"aide-events\",\"file\":\""u8;

    public static string Rotated(int index) => $"events.{index}.jsonl";

    public static byte[] NewHeader() => [.. HeaderPrefix, .. System.Text.Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N") + "\"}\n")];

    /// <summary>Reads the file id from a journal file's first line, or <see langword="null"/> if it has none (yet).</summary>
    public static string? FileId(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[HeaderPrefix.Length + 34];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length && buffer.AsSpan().StartsWith(HeaderPrefix)
                ? System.Text.Encoding.ASCII.GetString(buffer, HeaderPrefix.Length, 32)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

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
