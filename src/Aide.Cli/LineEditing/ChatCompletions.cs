namespace Aide.Cli.LineEditing;

/// <summary>What Tab completes at <c>aide chat</c>'s prompt: slash commands, <c>/model</c>'s model names, <c>/file</c>'s paths.</summary>
internal sealed class ChatCompletions(IReadOnlyList<string> commands, Func<IEnumerable<string>> models)
{
    public (int Start, IReadOnlyList<string> Candidates) Complete(string text, int cursor)
    {
        var typed = text[..cursor];
        if (!typed.StartsWith('/') || typed.Contains('\n', StringComparison.Ordinal))
        {
            return (cursor, []);
        }

        var space = typed.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return (0, [.. commands.Where(c => c.StartsWith(typed, StringComparison.OrdinalIgnoreCase))]);
        }

        var start = space + 1;
        var word = typed[start..];
        return typed[..space].ToLowerInvariant() switch
        {
            "/model" => (start, [.. models().Where(m => m.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)]),
            "/file" => (start, Paths(word)),
            _ => (cursor, []),
        };
    }

    /// <summary>The files and folders (with a trailing '/') that continue <paramref name="typed"/>.</summary>
    private static List<string> Paths(string typed)
    {
        try
        {
            var slash = typed.LastIndexOf('/');
            var folder = slash < 0 ? "." : typed[..(slash + 1)];
            var name = typed[(slash + 1)..];
            var expanded = folder.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), folder[2..]) : folder;
            return [.. new DirectoryInfo(expanded).EnumerateFileSystemInfos()
                .Where(e => e.Name.StartsWith(name, StringComparison.Ordinal) && (name.StartsWith('.') || !e.Name.StartsWith('.')))
                .Select(e => (slash < 0 ? string.Empty : folder) + e.Name + (e is DirectoryInfo ? "/" : string.Empty))
                .Order(StringComparer.Ordinal)
                .Take(200)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }
}
