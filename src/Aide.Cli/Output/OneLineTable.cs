using Spectre.Console;

namespace Aide.Cli.Output;

/// <summary>
/// A borderless table with one line per row: every column keeps its cells whole (ids and names are what other commands
/// take, so they must never break) except one free-text column, cut with an ellipsis to the width that is left (or
/// wrapped within it). When even that does not fit (very long ids or a narrow terminal), rows wrap as they must
/// instead: Spectre shows nothing useful for a row that cannot fit and may not wrap. Widths are terminal cells.
/// </summary>
internal static class OneLineTable
{
    /// <summary>The narrowest the free-text column is cut to; with less room than this, rows wrap instead.</summary>
    private const int MinTextWidth = 12;

    /// <summary>
    /// Renders <paramref name="rows"/> (plain text, no markup) under <paramref name="headers"/>; column
    /// <paramref name="textColumn"/> is the one cut (or, with <paramref name="wrapText"/>, wrapped within its column, for
    /// text too useful to lose); <paramref name="style"/> colours a cell (row, column), if given.
    /// </summary>
    public static Table Create(int consoleWidth, IReadOnlyList<string> headers, int textColumn, IReadOnlyList<string[]> rows, Func<int, int, Style?>? style = null, bool wrapText = false)
    {
        // Cells hold stored or remote text (titles, server messages): never escape sequences that act on the terminal.
        rows = [.. rows.Select(r => r.Select(TerminalText.Safe).ToArray())];
        var fixedWidth = 0;
        for (var column = 0; column < headers.Count; column++)
        {
            if (column != textColumn)
            {
                fixedWidth += rows.Select(r => r[column].GetCellWidth()).Prepend(headers[column].GetCellWidth()).Max();
            }
        }

        // No border (a list like kubectl's or docker's): one space after each cell, and one column spare so that a
        // row exactly as wide as the terminal does not wrap there.
        var textWidth = consoleWidth - fixedWidth - headers.Count - 1;
        var oneLine = textWidth >= MinTextWidth;
        var table = new Table().Border(TableBorder.None).AddColumns([.. headers.Select((h, column) => new TableColumn(h)
        {
            NoWrap = oneLine && !(wrapText && column == textColumn),
            Padding = new Padding(0, 0, 1, 0),
        })]);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = index;
            table.AddRow([.. rows[row].Select((cell, column) => new Text(oneLine && !wrapText && column == textColumn ? Cut(OneLine(cell), textWidth) : cell, style?.Invoke(row, column)))]);
        }

        return table;
    }

    /// <summary>The text within <paramref name="width"/> terminal cells (wide characters take two), ending in "…" if cut.</summary>
    private static string Cut(string text, int width)
    {
        if (text.GetCellWidth() <= width)
        {
            return text;
        }

        var used = 0;
        var end = 0;
        while (end < text.Length)
        {
            var length = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            var cells = text.AsSpan(end, length).ToString().GetCellWidth();
            if (used + cells > width - 1)
            {
                break;
            }

            used += cells;
            end += length;
        }

        return string.Concat(text.AsSpan(0, end).TrimEnd(), "…");
    }

    /// <summary>Line breaks and tabs as spaces.</summary>
    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
