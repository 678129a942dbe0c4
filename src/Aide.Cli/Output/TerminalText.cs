using System.Text;

namespace Aide.Cli.Output;

/// <summary>
/// Makes text from outside Aide (a model's answer, a stored title, a server's message) safe to put on a terminal: control
/// characters and escape sequences are shown as symbols (ESC as ␛, BEL as ␇) instead of acting, so an answer holding
/// <c>\x1b]0;pwned\x07\x1b[2J</c> can neither retitle the window nor clear the screen. Line breaks and tabs stay; a
/// carriage return stays only before a line feed (a Windows line end), where it cannot overwrite what was shown.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string text)
    {
        var first = IndexOfUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            safe.Append(IsUnsafe(text, i) ? Visible(c) : c);
        }

        return safe.ToString();
    }

    /// <summary>The picture a control character is shown as: U+2400… for C0, ␡ for DEL, � for C1.</summary>
    private static char Visible(char c) => c switch
    {
        < ' ' => (char)(0x2400 + c),
        '\x7f' => '\u2421',
        _ => '\uFFFD',
    };

    private static int IndexOfUnsafe(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(string text, int i)
    {
        var c = text[i];
        return c switch
        {
            '\n' or '\t' => false,
            '\r' => i + 1 >= text.Length || text[i + 1] != '\n',
            < ' ' or '\x7f' => true,
            >= '\x80' and <= '\x9f' => true,
            _ => false,
        };
    }
}
