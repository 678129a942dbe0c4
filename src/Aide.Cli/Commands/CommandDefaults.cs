namespace Aide.Cli.Commands;

/// <summary>
/// What Aide does with a command line that names no command to run: <c>aide</c> alone prints the help; a group named
/// alone (or with options only) runs its everyday subcommand (<c>aide models</c> → <c>aide models list</c>), as
/// users of git-like tools expect, instead of "Required command was not provided".
/// </summary>
internal static class CommandDefaults
{
    private static readonly Dictionary<string, string> GroupDefaults = new(StringComparer.Ordinal)
    {
        ["models"] = "list",
        ["cache"] = "stats",
        ["history"] = "list",
        ["keys"] = "list",
        ["config"] = "show",
        ["context"] = "list",
        ["templates"] = "list",
    };

    public static string[] Apply(string[] args)
    {
        if (args.Length == 0)
        {
            return ["--help"];
        }

        return GroupDefaults.TryGetValue(args[0], out var everyday) && (args.Length == 1 || (args[1].StartsWith('-') && !IsHelp(args[1])))
            ? [args[0], everyday, .. args[1..]]
            : args;
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?" or "/?" or "/h";
}
