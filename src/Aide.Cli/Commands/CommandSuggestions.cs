using System.CommandLine;

namespace Aide.Cli.Commands;

/// <summary>
/// "Did you mean …?" for a mistyped command: the subcommand of the command parsed so far that the word starts, or the
/// nearest by edit distance (a swap of two letters counts once), when it is near enough to be meant.
/// </summary>
internal static class CommandSuggestions
{
    public static string? For(ParseResult result, string typed)
    {
        if (typed.Length == 0 || typed.StartsWith('-'))
        {
            return null;
        }

        var command = result.CommandResult.Command;
        var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var starting = names.Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        var nearest = starting.Count == 1
            ? starting[0]
            : names.Select(n => (Name: n, Distance: Distance(typed.ToLowerInvariant(), n)))
                .Where(c => c.Distance <= Math.Clamp(c.Name.Length / 3, 1, 2))
                .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();
        return nearest is null ? null : Path(command) + " " + nearest;
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(current is RootCommand ? "aide" : current.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
