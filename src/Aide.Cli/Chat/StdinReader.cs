using System.Globalization;

namespace Aide.Cli.Chat;

/// <summary>Reads piped standard input as context, refusing (not truncating) input over the limit.</summary>
internal static class StdinReader
{
    public static async Task<string> ReadAsync(TextReader input, int maxChars, CancellationToken cancellationToken)
    {
        var buffer = new char[Math.Min(maxChars + 1, 64 * 1024)];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await input.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > maxChars)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"The piped input is larger than {maxChars:N0} characters; send a smaller part (e.g. with head or a narrower git diff)."));
            }
        }

        return text.ToString();
    }
}
