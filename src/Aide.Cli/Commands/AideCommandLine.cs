using System.CommandLine;

namespace Aide.Cli.Commands;

/// <summary>Builds the <c>aide</c> command tree and runs it with Aide's exit-code conventions.</summary>
internal static class AideCommandLine
{
    private const string Description = "aide: a fast, reliable, local-first AI assistant. Exit codes: 0 ok, 1 model/provider error, 2 usage error, 3 configuration error, 4 timeout, 5 unhealthy (aide health), 6 budget spent, 130 interrupted (Ctrl+C), 143/129 ended by SIGTERM/SIGHUP.";

    /// <summary>The subcommands, in the order help lists them.</summary>
    private static readonly (string Name, Func<CliConsole, IReadOnlyCollection<string>, Command> Create)[] Subcommands =
    [
        ("ask", static (console, args) => AskCommand.Create(console, args.Contains("--"))),
        ("chat", static (console, _) => ChatCommand.Create(console)),
        ("providers", static (console, _) => ProvidersCommand.Create(console)),
        ("config", static (console, _) => ConfigCommand.Create(console)),
        ("events", static (console, _) => EventsCommand.Create(console)),
        ("history", static (console, _) => HistoryCommand.Create(console)),
        ("context", static (console, _) => ContextCommand.Create(console)),
        ("cache", static (console, _) => CacheCommand.Create(console)),
        ("health", static (console, _) => HealthCommand.Create(console)),
        ("models", static (console, _) => ModelsCommand.Create(console)),
        ("bench", static (console, _) => BenchCommand.Create(console)),
        ("serve", static (console, _) => ServeCommand.Create(console)),
        ("dashboard", static (console, _) => DashboardCommand.Create(console)),
        ("keys", static (console, _) => KeysCommand.Create(console)),
        ("usage", static (console, _) => UsageCommand.Create(console)),
        ("templates", static (console, _) => TemplatesCommand.Create(console)),
        ("tools", static (console, _) => ToolsCommand.Create(console)),
        ("mcp", static (console, _) => McpCommand.Create(console)),
        ("completion", static (console, _) => CompletionCommand.Create(console)),
    ];

    /// <summary>
    /// The command tree for <paramref name="args"/>. When the first argument names a subcommand, only that one is built:
    /// the others cannot take part in the parse, so building them (their options, arguments and validators) is work no
    /// command needs. Anything else (help, version, a mistyped command) gets the whole tree, which help and the typo
    /// suggestions list.
    /// </summary>
    public static RootCommand Build(CliConsole console, IReadOnlyList<string> args)
    {
        var root = new RootCommand(Description);
        var named = args.Count > 0 ? Array.FindIndex(Subcommands, s => s.Name == args[0]) : -1;
        foreach (var (_, create) in named >= 0 ? [Subcommands[named]] : Subcommands)
        {
            root.Subcommands.Add(create(console, args));
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        args = CommandDefaults.Apply(args);
        var result = Build(console, args).Parse(args);
        if (result.Errors.Count > 0)
        {
            // System.CommandLine reports parse errors with exit code 1, which Aide reserves for provider failures.
            // A mistyped command also leaves its parent "without a command": only the word that was not understood is news.
            var unmatched = result.UnmatchedTokens;
            foreach (var error in result.Errors.Where(e => unmatched.Count == 0 || unmatched.Any(t => e.Message.Contains(t, StringComparison.Ordinal))))
            {
                console.WriteError(error.Message);
            }

            if (unmatched.Count > 0 && CommandSuggestions.For(result, unmatched[0]) is { } meant)
            {
                console.Error.WriteLine($"Did you mean '{meant}'?");
            }

            console.Error.WriteLine("Run 'aide --help' (or 'aide COMMAND --help') for usage.");
            return ExitCodes.UsageError;
        }

        return await result.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Ctrl+C is Aide's to handle: it stops the answer in progress (see InterruptHandler), not the process.
            ProcessTerminationTimeout = null,
        });
    }
}
