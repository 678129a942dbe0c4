using System.Text;

namespace Aide.Cli.Markdown;

/// <summary>
/// Renders Markdown for a terminal as an answer streams: headings, emphasis, inline code, strikethrough, lists,
/// quotes, rules, links, tables, and fenced code with syntax colours (<see cref="CodeHighlighter"/>).
/// </summary>
/// <remarks>
/// Written by hand rather than on Markdig, which parses a whole document: an answer arrives a few characters at a
/// time, and what was shown must never be taken back (no flicker). So each character is written as soon as its
/// meaning is known: text at once; a line's start once its marker is (<c>- </c>, <c>## </c>, <c>1. </c>); a <c>*</c>
/// once the next character is there; a link once its <c>)</c> is. Only fences, rules and tables wait for their whole
/// line, and a table for its last row (its columns are as wide as their widest cell). The input must already be
/// terminal-safe (<see cref="Output.TerminalText.Safe"/>): the only escape sequences written are the renderer's own.
/// </remarks>
internal sealed class MarkdownStream(TextWriter output)
{
    private const int MaxLinkLength = 2000;

    private readonly StringBuilder _pending = new();
    private int _at; // where the text not yet written starts in _pending: consumed text is dropped once per Write, not per character
    private readonly List<string> _table = [];
    private LineKind _line = LineKind.None;
    private bool _bold;
    private bool _italic;
    private bool _code;
    private bool _strike;
    private char _previous = ' ';
    private string? _fence;
    private CodeHighlighter? _highlighter;

    private enum LineKind
    {
        None,
        Text,
        Heading,
    }

    public void Write(string text)
    {
        _pending.Append(text);
        Pump(final: false);
        _pending.Remove(0, _at);
        _at = 0;
    }

    /// <summary>The answer ended: what is held is written as it stands, and every style closed.</summary>
    public void Finish()
    {
        Pump(final: true);
        _pending.Clear();
        _at = 0;
        FlushTable();
        if (_line != LineKind.None || _bold || _italic || _code || _strike)
        {
            output.Write("\e[0m");
        }

        _line = LineKind.None;
        _bold = _italic = _code = _strike = false;
    }

    private void Pump(bool final)
    {
        while (Remaining > 0)
        {
            var progressed = _line == LineKind.None ? StartLine(final) : Inline(final);
            if (!progressed)
            {
                return;
            }
        }
    }

    /// <summary>Decides what the line at the start of the pending text is; false: not enough of it yet.</summary>
    private bool StartLine(bool final)
    {
        var newline = IndexOf('\n');
        var whole = newline >= 0 || final;
        var lineText = _pending.ToString(_at, newline >= 0 ? newline : Remaining);
        if (_fence is not null)
        {
            return whole && CodeLine(lineText, newline);
        }

        var indent = 0;
        while (indent < lineText.Length && lineText[indent] == ' ')
        {
            indent++;
        }

        if (indent == lineText.Length && !whole)
        {
            return false;
        }

        var rest = lineText[indent..];
        if (_table.Count > 0 && !(rest.Length > 0 && rest[0] == '|'))
        {
            FlushTable();
        }

        if (rest.Length == 0)
        {
            Consume(newline >= 0 ? newline + 1 : Remaining);
            output.Write(newline >= 0 ? "\n" : string.Empty);
            return true;
        }

        var first = rest[0];
        var second = rest.Length > 1 ? rest[1] : (char?)null;
        if (first is '`' or '~' or '|' || (first is '-' or '*' or '_' && second == first))
        {
            // A fence, a table row or a rule: known from the whole line.
            if (!whole)
            {
                return false;
            }

            if (WholeLine(lineText, rest, newline))
            {
                return true;
            }
        }
        else if (first == '#')
        {
            var level = rest.TakeWhile(c => c == '#').Count();
            if (level == rest.Length && !whole)
            {
                return false;
            }

            if (level <= 6 && (level == rest.Length || rest[level] == ' '))
            {
                Consume(indent + Math.Min(level + 1, rest.Length));
                output.Write(level == 1 ? "\e[1;4m" : "\e[1m");
                _line = LineKind.Heading;
                return true;
            }
        }
        else if (first is '-' or '*' or '+')
        {
            if (second is null && !whole)
            {
                return false;
            }

            if (second == ' ')
            {
                Consume(indent + 2);
                Begin(new string(' ', indent) + "\e[36m•\e[39m ");
                return true;
            }
        }
        else if (char.IsAsciiDigit(first))
        {
            var digits = rest.TakeWhile(char.IsAsciiDigit).Count();
            if (digits + 2 > rest.Length && !whole)
            {
                return false;
            }

            if (digits <= 9 && digits + 1 < rest.Length && rest[digits] is '.' or ')' && rest[digits + 1] == ' ')
            {
                Consume(indent + digits + 2);
                Begin($"{new string(' ', indent)}\e[36m{rest[..(digits + 1)]}\e[39m ");
                return true;
            }
        }
        else if (first == '>')
        {
            if (second is null && !whole)
            {
                return false;
            }

            Consume(indent + (second == ' ' ? 2 : 1));
            Begin(new string(' ', indent) + "\e[2m│\e[22m ");
            return true;
        }

        Consume(indent);
        Begin(new string(' ', indent));
        return true;
    }

    /// <summary>A fence, table row or rule; false when the line is none of them (then it is text).</summary>
    private bool WholeLine(string line, string rest, int newline)
    {
        var trimmed = rest.TrimEnd();
        if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
        {
            _fence = trimmed[..trimmed.TakeWhile(c => c == trimmed[0]).Count()];
            var language = trimmed[_fence.Length..].Trim();
            _highlighter = new CodeHighlighter(language.Length == 0 ? null : language.Split(' ')[0]);
            output.Write($"\e[2m╭─ {(language.Length == 0 ? "code" : language)}\e[22m\n");
        }
        else if (trimmed[0] == '|')
        {
            _table.Add(trimmed);
        }
        else if (trimmed.Length >= 3 && trimmed.Replace(" ", string.Empty, StringComparison.Ordinal).All(c => c == trimmed[0]))
        {
            output.Write("\e[2m" + new string('─', 40) + "\e[22m\n");
        }
        else
        {
            return false;
        }

        Consume(newline >= 0 ? newline + 1 : line.Length);
        return true;
    }

    private bool CodeLine(string line, int newline)
    {
        Consume(newline >= 0 ? newline + 1 : line.Length);
        if (line.Trim() is var trimmed && trimmed.StartsWith(_fence!, StringComparison.Ordinal) && trimmed.All(c => c == _fence![0]))
        {
            _fence = null;
            _highlighter = null;
            output.Write("\e[2m╰─\e[22m\n");
            return true;
        }

        output.Write(_highlighter!.Highlight(line));
        output.Write(newline >= 0 ? "\n" : string.Empty);
        return true;
    }

    private void Begin(string prefix)
    {
        output.Write(prefix);
        _line = LineKind.Text;
        _previous = ' ';
    }

    /// <summary>Writes the next character or span of a line's text; false: it depends on text not here yet.</summary>
    private bool Inline(bool final)
    {
        var c = _pending[_at];
        char? next = Remaining > 1 ? _pending[_at + 1] : null;
        if (c == '\n')
        {
            output.Write(_line == LineKind.Heading || _bold || _italic || _code || _strike ? "\e[0m\n" : "\n");
            _bold = _italic = _code = _strike = false;
            _line = LineKind.None;
            Consume(1);
            return true;
        }

        if (_code)
        {
            Emit(c == '`' ? "\e[39m" : c.ToString(), c == '`' ? () => _code = false : null);
            return true;
        }

        if (next is null && !final && c is '\\' or '*' or '_' or '~')
        {
            return false;
        }

        switch (c)
        {
            case '\\' when next is { } escaped && char.IsAsciiLetterOrDigit(escaped) is false && escaped != '\n':
                output.Write(escaped);
                _previous = escaped;
                Consume(2);
                return true;
            case '`':
                Emit("\e[36m", () => _code = true);
                return true;
            case '*' or '_' when next == c:
                Consume(2);
                _bold = !_bold;
                output.Write(_bold ? "\e[1m" : "\e[22m");
                return true;
            case '*' or '_' when _italic ? !char.IsWhiteSpace(_previous) : next is { } after && !char.IsWhiteSpace(after) && (c == '*' || !char.IsLetterOrDigit(_previous)):
                Emit(_italic ? "\e[23m" : "\e[3m", () => _italic = !_italic);
                return true;
            case '~' when next == '~':
                Consume(2);
                _strike = !_strike;
                output.Write(_strike ? "\e[9m" : "\e[29m");
                return true;
            case '[':
                return Link(final);
            default:
                output.Write(c);
                _previous = c;
                Consume(1);
                return true;
        }
    }

    /// <summary><c>[text](url)</c> as underlined text and the address after it, dim; anything else is its characters.</summary>
    private bool Link(bool final)
    {
        var text = _pending.ToString(_at, Math.Min(Remaining, MaxLinkLength));
        var close = text.IndexOf(']');
        var opens = close > 0 && close + 1 < text.Length && text[close + 1] == '(';
        var end = opens ? text.IndexOf(')', close) : -1;
        var newline = text.IndexOf('\n');
        var broken = (newline >= 0 && (end < 0 || newline < end)) || (close > 0 && close + 1 < text.Length && !opens);
        if (opens && end > close && !broken)
        {
            var label = text[1..close];
            var url = text[(close + 2)..end];
            output.Write($"\e[4m{label}\e[24m{(url == label ? string.Empty : $" \e[2m({url})\e[22m")}");
            _previous = ')';
            Consume(end + 1);
            return true;
        }

        if (!broken && !final && text.Length < MaxLinkLength)
        {
            return false; // the link may still be coming
        }

        output.Write('[');
        _previous = '[';
        Consume(1);
        return true;
    }

    private void Emit(string text, Action? then)
    {
        output.Write(text);
        then?.Invoke();
        _previous = _pending[_at];
        Consume(1);
    }

    private void FlushTable()
    {
        if (_table.Count == 0)
        {
            return;
        }

        var rows = _table.Select(Cells).ToList();
        _table.Clear();
        var separator = rows.FindIndex(r => r.All(cell => cell.Length > 0 && cell.All(ch => ch is '-' or ':' or ' ')));
        var body = rows.Where((_, i) => i != separator).ToList();
        var columns = body.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(i => body.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        for (var r = 0; r < body.Count; r++)
        {
            var header = separator == 1 && r == 0;
            var cells = Enumerable.Range(0, columns).Select(i => (i < body[r].Count ? body[r][i] : string.Empty) is var cell && i < columns - 1 ? cell.PadRight(widths[i]) : cell);
            output.Write(header
                ? "\e[1m" + string.Join(" \e[22;2m│\e[22;1m ", cells) + "\e[22m\n"
                : string.Join(" \e[2m│\e[22m ", cells) + "\n");
            if (header)
            {
                output.Write("\e[2m" + string.Join("─┼─", widths.Select(w => new string('─', w))) + "\e[22m\n");
            }
        }
    }

    /// <summary>A row's cells, trimmed, with emphasis and code marks taken out (a table is drawn plain, aligned).</summary>
    private static List<string> Cells(string row)
    {
        var inner = row.Trim();
        inner = inner.StartsWith('|') ? inner[1..] : inner;
        inner = inner.EndsWith('|') ? inner[..^1] : inner;
        return [.. inner.Split('|').Select(cell => cell.Trim().Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal))];
    }

    private int IndexOf(char c)
    {
        for (var i = _at; i < _pending.Length; i++)
        {
            if (_pending[i] == c)
            {
                return i - _at;
            }
        }

        return -1;
    }

    private int Remaining => _pending.Length - _at;

    private void Consume(int count) => _at += count;
}
