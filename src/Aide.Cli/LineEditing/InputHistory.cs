using System.Text;
using System.Text.Json;
using Aide.Storage;

namespace Aide.Cli.LineEditing;

/// <summary>
/// What was typed at <c>aide chat</c>'s prompt, this session's and earlier ones', for Up/Down: one JSON string per line
/// in the data folder (0600), the newest <see cref="MaxEntries"/> kept. A line that is not a JSON string is skipped.
/// </summary>
internal sealed class InputHistory
{
    public const int MaxEntries = 1000;

    /// <summary>One entry is at most this long (a paste larger than this is not worth recalling, and bounds the file).</summary>
    private const int MaxEntryLength = 16 << 10;

    private readonly string? _path;
    private readonly List<string> _entries = [];

    private InputHistory(string? path) => _path = path;

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Reads the file (missing: empty); <paramref name="path"/> <see langword="null"/> keeps history in memory only.</summary>
    public static InputHistory Load(string? path)
    {
        var history = new InputHistory(path);
        if (path is null || !File.Exists(path))
        {
            return history;
        }

        try
        {
            foreach (var line in File.ReadLines(path).TakeLast(MaxEntries))
            {
                try
                {
                    if (JsonSerializer.Deserialize(line, Output.CliJsonContext.Default.String) is { Length: > 0 } entry)
                    {
                        history._entries.Add(entry);
                    }
                }
                catch (JsonException)
                {
                    // A damaged line: the others still count.
                }
            }
        }
        catch (IOException)
        {
            // Unreadable: start empty; the chat itself must not fail for its history of inputs.
        }

        return history;
    }

    /// <summary>Keeps <paramref name="entry"/> (not a repeat of the last one, not blank), and appends it to the file.</summary>
    public void Add(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry) || entry.Length > MaxEntryLength || (_entries.Count > 0 && _entries[^1] == entry))
        {
            return;
        }

        _entries.Add(entry);
        if (_path is null)
        {
            return;
        }

        try
        {
            PrivateDirectory.Create(Path.GetDirectoryName(_path)!);
            var line = JsonSerializer.Serialize(entry, Output.CliJsonContext.Default.String) + "\n";
            if (_entries.Count > MaxEntries * 2 || (File.Exists(_path) && new FileInfo(_path).Length > 8L * MaxEntries * 1024))
            {
                _entries.RemoveRange(0, Math.Max(0, _entries.Count - MaxEntries));
                AtomicFile.Write(_path, Encoding.UTF8.GetBytes(string.Concat(_entries.Select(e => JsonSerializer.Serialize(e, Output.CliJsonContext.Default.String) + "\n"))));
                return;
            }

            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(_path, options);
            file.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not saved: the chat goes on; this session still recalls it.
        }
    }
}
