using System.Text;

namespace Aide.Cli.LineEditing;

/// <summary>
/// The input line of <c>aide chat</c> on a terminal: cursor movement, Home/End, word jumps and deletes (Ctrl+←/→,
/// Alt+B/F, Ctrl+W, Alt+D, Ctrl+U, Ctrl+K), Up/Down through <see cref="InputHistory"/>, multi-line editing (Alt+Enter,
/// or a line ending in <c>\</c>), Tab completion, Ctrl+D to leave at an empty prompt. Control characters never enter
/// the text. Keys come from <see cref="Console.ReadKey(bool)"/>, so .NET's terminal handling decodes them.
/// </summary>
/// <remarks>
/// Written by hand: RadLine (the Spectre.Console family's editor) is a 0.x preview, and the whole editor here is a
/// few hundred lines driven by tests through a pseudo-terminal. It redraws from the prompt on each change (wrapped
/// rows counted at the terminal's width), as linenoise does.
/// </remarks>
internal sealed class LineEditor(TextWriter output, InputHistory history, Func<string, int, (int Start, IReadOnlyList<string> Candidates)> complete, Func<ConsoleKeyInfo> readKey, Func<int> width)
{
    private readonly StringBuilder _text = new();
    private int _cursor;
    private int _cursorRow; // rows from the prompt's first row to where the cursor was drawn
    private string _prompt = "> ";
    private string _continuation = ". ";

    /// <summary>Reads one message; <see langword="null"/> at Ctrl+D on an empty line.</summary>
    public string? ReadLine(string prompt = "> ", string continuation = ". ")
    {
        (_prompt, _continuation) = (prompt, continuation);
        _text.Clear();
        _cursor = 0;
        _cursorRow = 0;
        var browsing = history.Entries.Count; // index into the history while Up/Down browse it
        var draft = string.Empty;
        var escaped = false;
        Render();
        while (true)
        {
            var key = readKey();
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;

            // Terminals send Alt+key as ESC then the key; .NET passes some of those on as two keys (ESC, Enter).
            var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0 || escaped;
            escaped = key.Key == ConsoleKey.Escape && !escaped;
            switch (key.Key)
            {
                case ConsoleKey.Enter when alt:
                    Insert("\n");
                    break;
                case ConsoleKey.Enter when _cursor == _text.Length && _text.Length > 0 && _text[^1] == '\\':
                    _text[^1] = '\n';
                    Render();
                    break;
                case ConsoleKey.Enter:
                    _cursor = _text.Length;
                    Render();
                    output.Write("\n");
                    output.Flush();
                    var line = _text.ToString();
                    history.Add(line);
                    return line;
                case ConsoleKey.D when control && _text.Length == 0:
                    output.Write("\n");
                    output.Flush();
                    return null;
                case ConsoleKey.D when control:
                case ConsoleKey.Delete:
                    Remove(_cursor, Math.Min(_text.Length, _cursor + 1));
                    break;
                case ConsoleKey.Backspace when alt:
                case ConsoleKey.W when control:
                    Remove(WordStart(_cursor), _cursor);
                    break;
                case ConsoleKey.D when alt:
                    Remove(_cursor, WordEnd(_cursor));
                    break;
                case ConsoleKey.Backspace:
                case ConsoleKey.H when control:
                    Remove(Math.Max(0, _cursor - 1), _cursor);
                    break;
                case ConsoleKey.U when control:
                    Remove(LineStart(_cursor), _cursor);
                    break;
                case ConsoleKey.K when control:
                    Remove(_cursor, LineEnd(_cursor));
                    break;
                case ConsoleKey.LeftArrow when control || alt:
                case ConsoleKey.B when alt:
                    Move(WordStart(_cursor));
                    break;
                case ConsoleKey.RightArrow when control || alt:
                case ConsoleKey.F when alt:
                    Move(WordEnd(_cursor));
                    break;
                case ConsoleKey.LeftArrow:
                case ConsoleKey.B when control:
                    Move(Math.Max(0, _cursor - 1));
                    break;
                case ConsoleKey.RightArrow:
                case ConsoleKey.F when control:
                    Move(Math.Min(_text.Length, _cursor + 1));
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    Move(LineStart(_cursor));
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    Move(LineEnd(_cursor));
                    break;
                case ConsoleKey.UpArrow:
                case ConsoleKey.P when control:
                case ConsoleKey.DownArrow:
                case ConsoleKey.N when control:
                    var up = key.Key is ConsoleKey.UpArrow or ConsoleKey.P;
                    var next = Math.Clamp(browsing + (up ? -1 : 1), 0, history.Entries.Count);
                    if (next != browsing)
                    {
                        if (browsing == history.Entries.Count)
                        {
                            draft = _text.ToString();
                        }

                        browsing = next;
                        Replace(browsing == history.Entries.Count ? draft : history.Entries[browsing]);
                    }

                    break;
                case ConsoleKey.L when control:
                    output.Write("\e[H\e[2J");
                    _cursorRow = 0;
                    Render();
                    break;
                case ConsoleKey.Tab:
                    Complete();
                    break;
                default:
                    // Printable text only: control characters (and unknown escape sequences) never enter the message.
                    if (key.KeyChar >= ' ' && key.KeyChar != '\x7f' && !char.IsControl(key.KeyChar) && !control)
                    {
                        Insert(key.KeyChar.ToString());
                    }

                    break;
            }
        }
    }

    private void Complete()
    {
        var (start, candidates) = complete(_text.ToString(), _cursor);
        if (candidates.Count == 0)
        {
            return;
        }

        var typed = _text.ToString(start, _cursor - start);
        var common = candidates.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]);
        if (candidates.Count == 1)
        {
            common += candidates[0].EndsWith('/') ? string.Empty : " ";
        }

        if (common.Length > typed.Length)
        {
            _text.Remove(start, typed.Length).Insert(start, common);
            _cursor = start + common.Length;
            Render();
            return;
        }

        // Nothing more in common: list them under the line, then draw the line again.
        Move(_text.Length);
        output.Write("\n" + string.Join("  ", candidates.Take(50)) + (candidates.Count > 50 ? "  …" : string.Empty) + "\n");
        _cursorRow = 0;
        Render();
    }

    private void Insert(string text)
    {
        _text.Insert(_cursor, text);
        _cursor += text.Length;
        Render();
    }

    private void Remove(int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        _text.Remove(from, to - from);
        _cursor = from;
        Render();
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        _cursor = text.Length;
        Render();
    }

    private void Move(int to)
    {
        _cursor = to;
        Render();
    }

    private int WordStart(int from)
    {
        var i = from;
        while (i > 0 && !char.IsLetterOrDigit(_text[i - 1]))
        {
            i--;
        }

        while (i > 0 && char.IsLetterOrDigit(_text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private int WordEnd(int from)
    {
        var i = from;
        while (i < _text.Length && !char.IsLetterOrDigit(_text[i]))
        {
            i++;
        }

        while (i < _text.Length && char.IsLetterOrDigit(_text[i]))
        {
            i++;
        }

        return i;
    }

    private int LineStart(int from)
    {
        var i = from;
        while (i > 0 && _text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    private int LineEnd(int from)
    {
        var i = from;
        while (i < _text.Length && _text[i] != '\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>Draws the prompt and text again from the prompt's first row and puts the cursor where it belongs.</summary>
    private void Render()
    {
        var columns = width();
        var screen = new StringBuilder("\r");
        if (_cursorRow > 0)
        {
            screen.Append("\e[").Append(_cursorRow).Append('A');
        }

        screen.Append("\e[J");
        var (row, column) = (0, 0);
        var (cursorRow, cursorColumn) = (0, 0);
        void Put(char c)
        {
            screen.Append(c);
            if (++column == columns)
            {
                (row, column) = (row + 1, 0);
            }
        }

        foreach (var c in _prompt)
        {
            Put(c);
        }

        for (var i = 0; i <= _text.Length; i++)
        {
            if (i == _cursor)
            {
                (cursorRow, cursorColumn) = (row, column);
            }

            if (i == _text.Length)
            {
                break;
            }

            if (_text[i] == '\n')
            {
                screen.Append("\r\n");
                (row, column) = (row + 1, 0);
                foreach (var c in _continuation)
                {
                    Put(c);
                }
            }
            else
            {
                Put(_text[i]);
            }
        }

        if (column == 0 && row > 0 && _text.Length > 0 && _text[^1] != '\n')
        {
            screen.Append(" \r"); // the text filled its last row exactly: step onto the next, as the terminal defers it
        }

        if (row > cursorRow)
        {
            screen.Append("\e[").Append(row - cursorRow).Append('A');
        }

        screen.Append('\r');
        if (cursorColumn > 0)
        {
            screen.Append("\e[").Append(cursorColumn).Append('C');
        }

        _cursorRow = cursorRow;
        output.Write(screen.ToString());
        output.Flush();
    }
}
