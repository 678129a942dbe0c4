using Aide.Cli.Output;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Aide.Cli.Tests;

public sealed class OneLineTableTests
{
    [Theory]
    [InlineData("Please explain how a write-ahead log keeps a database consistent after a crash")]
    [InlineData("東京の天気について詳しく教えてください。明日は雨が降りますか？")]
    public void Long_text_is_cut_to_the_cells_left_and_ids_stay_whole(string title)
    {
        var lines = Render(50, OneLineTable.Create(50, ["Name", "Title", "Messages"], textColumn: 1, [["20261128-033025-9b84", title, "12"], ["work", "short", "2"]]));

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("20261128-033025-9b84 ", lines[1], StringComparison.Ordinal);
        Assert.Contains("… ", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l.TrimEnd().GetCellWidth() <= 50, l));
        Assert.Contains("work", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Wrapped_text_keeps_every_word_and_the_other_cells_on_the_first_line()
    {
        var lines = Render(40, OneLineTable.Create(40, ["#", "Address", "Detail"], textColumn: 2, [["1", "http://127.0.0.1:1/v1", "cannot connect: connection refused"]], wrapText: true));

        Assert.StartsWith("1 http://127.0.0.1:1/v1 ", lines[1], StringComparison.Ordinal);
        Assert.Equal("cannot connect: connection refused", string.Join(' ', lines.Skip(1).Select(l => l[24..].Trim())));
    }

    [Fact]
    public void When_the_whole_cells_leave_no_room_rows_wrap_instead_of_vanishing()
    {
        var name = new string('n', 45);
        var lines = Render(40, OneLineTable.Create(40, ["Name", "Title"], textColumn: 1, [[name, "a title"]]));

        Assert.Contains("a title", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Equal(name, string.Concat(lines.Skip(1).Select(l => l.Split(' ')[0])));
    }

    private static string[] Render(int width, Table table)
    {
        var console = new TestConsole().Width(width);
        console.Write(table);
        return console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
