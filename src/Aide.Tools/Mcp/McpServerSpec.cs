using System.Text;
using System.Text.RegularExpressions;

namespace Aide.Tools.Mcp;

/// <summary>An MCP server Aide may use: a command it starts (stdio) or the URL of a Streamable HTTP server.</summary>
public sealed partial record McpServerSpec
{
    /// <summary>Gets the server's name: letters, digits, '-' and '_' (it names the server in prompts, events and <c>aide tools</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the command that starts a stdio server, or <see langword="null"/> for an HTTP server.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the command's arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the environment variables set for a stdio server, besides the inherited ones.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the address of a Streamable HTTP server, or <see langword="null"/> for a stdio server.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the names of this server's tools that run without asking (config <c>allow</c>).</summary>
    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>Reads <c>NAME=COMMAND ARGS…</c> or <c>NAME=URL</c> (the <c>--mcp</c> flag's form; arguments split like a shell's words, quotes kept together).</summary>
    /// <param name="text">The flag's value.</param>
    /// <returns>The server.</returns>
    /// <exception cref="FormatException">The value is not of that form.</exception>
    public static McpServerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not NAME=COMMAND or NAME=URL (e.g. --mcp files=\"npx -y @modelcontextprotocol/server-filesystem .\" or --mcp docs=http://127.0.0.1:3001/mcp).");
        }

        var name = CheckName(text[..equals].Trim());
        var value = text[(equals + 1)..].Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return new McpServerSpec { Name = name, Url = url };
        }

        var words = SplitWords(value);
        return words.Count == 0
            ? throw new FormatException($"The MCP server '{name}' has no command.")
            : new McpServerSpec { Name = name, Command = words[0], Arguments = [.. words.Skip(1)] };
    }

    /// <summary>Checks a server's name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="FormatException">It holds other characters than letters, digits, '-' and '_', or is longer than 64.</exception>
    public static string CheckName(string name) =>
        ValidName().IsMatch(name) ? name : throw new FormatException($"'{name}' is not a usable MCP server name: use letters, digits, '-' and '_' (at most 64).");

    /// <summary>What the server is, for messages: its command line or URL.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Url?.ToString() ?? string.Join(' ', [Command, .. Arguments]);

    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0')
        {
            throw new FormatException($"'{text}' has an unclosed quote.");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ValidName();
}
