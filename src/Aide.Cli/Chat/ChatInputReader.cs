using System.Text;

namespace Aide.Cli.Chat;

/// <summary>
/// Reads one message in <c>aide chat</c>: a line; lines ending in a backslash continue it; a line of just
/// <c>"""</c> starts a block that runs to the next such line, for pasting text with blank lines.
/// </summary>
internal static class ChatInputReader
{
    private const string Fence = "\"\"\"";

    /// <summary>Returns the message, or <see langword="null"/> at end of input (Ctrl+D).</summary>
    public static string? Read(TextReader input, Action<string>? prompt)
    {
        prompt?.Invoke("> ");
        var line = input.ReadLine();
        if (line is null)
        {
            return null;
        }

        if (line.Trim() == Fence)
        {
            return ReadBlock(input, prompt);
        }

        var message = new StringBuilder();
        while (line is not null && line.EndsWith('\\'))
        {
            message.Append(line, 0, line.Length - 1).Append('\n');
            prompt?.Invoke(". ");
            line = input.ReadLine();
        }

        return message.Append(line).ToString();
    }

    private static string ReadBlock(TextReader input, Action<string>? prompt)
    {
        var block = new StringBuilder();
        while (true)
        {
            prompt?.Invoke(". ");
            var line = input.ReadLine();
            if (line is null || line.Trim() == Fence)
            {
                return block.ToString().TrimEnd('\n');
            }

            block.Append(line).Append('\n');
        }
    }
}
