using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>Writes an answer's text to the terminal as it streams, and ends its line even when the stream broke off.</summary>
internal sealed class AnswerPrinter(TextWriter output)
{
    private char _last = '\n';

    public async ValueTask WriteAsync(ChatResponseUpdate update, CancellationToken cancellationToken)
    {
        var chunk = update.Text;
        if (chunk.Length == 0)
        {
            return;
        }

        await output.WriteAsync(chunk);
        await output.FlushAsync(CancellationToken.None);
        _last = chunk[^1];
    }

    /// <summary>Ends the line, so that whatever comes next (a prompt, an error) starts on a line of its own.</summary>
    public async Task EndLineAsync()
    {
        if (_last != '\n')
        {
            await output.WriteLineAsync();
            _last = '\n';
        }
    }
}
