using Aide.Cli.Output;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// Writes an answer's text as it streams, and ends its line even when the stream broke off. On a terminal, control
/// characters and escape sequences in it are shown, not acted on (<see cref="TerminalText"/>); piped, the text is the
/// model's, byte for byte. With <paramref name="markdown"/> (a terminal only), the text is rendered as it streams
/// (<see cref="Markdown.MarkdownStream"/>).
/// </summary>
internal sealed class AnswerPrinter(TextWriter output, bool terminal = false, bool markdown = false)
{
    private readonly Markdown.MarkdownStream? _markdown = terminal && markdown ? new Markdown.MarkdownStream(output) : null;

    private char _last = '\n';

    // A carriage return at a chunk's end: safe only if the next chunk starts with its line feed.
    private bool _heldReturn;

    public async ValueTask WriteAsync(ChatResponseUpdate update, CancellationToken cancellationToken)
    {
        var chunk = update.Text;
        if (chunk.Length == 0)
        {
            return;
        }

        if (terminal)
        {
            chunk = (_heldReturn ? "\r" : string.Empty) + chunk;
            _heldReturn = chunk[^1] == '\r';
            chunk = TerminalText.Safe(_heldReturn ? chunk[..^1] : chunk);
            if (chunk.Length == 0)
            {
                return;
            }
        }

        if (_markdown is not null)
        {
            _markdown.Write(chunk.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
        else
        {
            await output.WriteAsync(chunk);
        }

        await output.FlushAsync(CancellationToken.None);
        _last = chunk[^1];
    }

    /// <summary>Ends the line, so that whatever comes next (a prompt, an error) starts on a line of its own.</summary>
    public async Task EndLineAsync()
    {
        _markdown?.Finish();
        if (_heldReturn)
        {
            _heldReturn = false;
            await output.WriteAsync(TerminalText.Safe("\r"));
            _last = '\r';
        }

        if (_last != '\n')
        {
            await output.WriteLineAsync();
            _last = '\n';
        }
    }
}
