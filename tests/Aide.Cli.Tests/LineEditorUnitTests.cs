using Aide.Cli.LineEditing;

namespace Aide.Cli.Tests;

/// <summary>The input line's editing, without a terminal: keys in, text out.</summary>
public sealed class LineEditorUnitTests
{
    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0', bool control = false, bool alt = false) => new(c, key, shift: false, alt, control);

    private static IEnumerable<ConsoleKeyInfo> Type(string text) => text.Select(c => new ConsoleKeyInfo(c, char.IsAsciiLetter(c) ? (ConsoleKey)char.ToUpperInvariant(c) : ConsoleKey.Oem1, false, false, false));

    private static (string? Line, string Screen) Read(InputHistory history, params IEnumerable<ConsoleKeyInfo>[] keys)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys.SelectMany(k => k));
        var screen = new StringWriter();
        var editor = new LineEditor(screen, history, (text, cursor) => (0, text.StartsWith('/') ? ["/model", "/models-of-mine"] : []), queue.Dequeue, () => 40);
        return (editor.ReadLine(), screen.ToString());
    }

    [Fact]
    public void Ctrl_U_and_Ctrl_K_cut_to_the_line_start_and_end()
    {
        var (line, _) = Read(InputHistory.Load(null), Type("abc def"), [Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.K, control: true), Key(ConsoleKey.U, control: true)], Type("x"), [Key(ConsoleKey.Enter, '\r')]);
        Assert.Equal("x", line);
    }

    [Fact]
    public void A_line_ending_in_a_backslash_continues_on_the_next()
    {
        var (line, screen) = Read(InputHistory.Load(null), Type("one\\"), [Key(ConsoleKey.Enter, '\r')], Type("two"), [Key(ConsoleKey.Enter, '\r')]);
        Assert.Equal("one\ntwo", line);
        Assert.Contains("\r\n. two", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_completes_what_the_candidates_share_and_lists_them_when_that_is_all()
    {
        var (line, screen) = Read(InputHistory.Load(null), Type("/m"), [Key(ConsoleKey.Tab, '\t'), Key(ConsoleKey.Tab, '\t'), Key(ConsoleKey.Enter, '\r')]);
        Assert.Equal("/model", line);
        Assert.Contains("/model  /models-of-mine", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Down_after_up_brings_back_the_unsent_draft()
    {
        var history = InputHistory.Load(null);
        history.Add("old");
        var (line, _) = Read(history, Type("draft"), [Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow), Key(ConsoleKey.Enter, '\r')]);
        Assert.Equal("draft", line);
    }

    [Fact]
    public void A_damaged_history_file_keeps_its_good_lines_and_stays_bounded()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("aide-inputs-").FullName, "chat-inputs.jsonl");
        File.WriteAllText(path, "\"good\"\nnot json\n\"also good\"\n");
        var history = InputHistory.Load(path);
        Assert.Equal(["good", "also good"], history.Entries);

        for (var i = 0; i < InputHistory.MaxEntries * 2 + 5; i++)
        {
            history.Add($"entry {i}");
        }

        Assert.True(File.ReadAllLines(path).Length <= InputHistory.MaxEntries * 2 + 1);
        Assert.Equal($"entry {(InputHistory.MaxEntries * 2) + 4}", InputHistory.Load(path).Entries[^1]);
        Assert.True(InputHistory.Load(path).Entries.Count <= InputHistory.MaxEntries);
    }
}
