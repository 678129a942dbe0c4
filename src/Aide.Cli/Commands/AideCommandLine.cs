using System.CommandLine;

namespace Aide.Cli.Commands;

/// <summary>Builds the <c>aide</c> command tree and runs it with Aide's exit-code conventions.</summary>
internal static class AideCommandLine
{
    public static RootCommand Build(CliConsole console, IReadOnlyCollection<string> args)
    {
        var root = new RootCommand("aide: a fast, reliable, local-first AI assistant. Exit codes: 0 ok, 1 model/provider error, 2 usage error, 3 configuration error, 4 timeout, 5 unhealthy (aide health), 130 interrupted.");
        root.Subcommands.Add(AskCommand.Create(console, args.Contains("--")));
        root.Subcommands.Add(ChatCommand.Create(console));
        root.Subcommands.Add(ProvidersCommand.Create(console));
        root.Subcommands.Add(ConfigCommand.Create(console));
        root.Subcommands.Add(EventsCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        root.Subcommands.Add(ContextCommand.Create(console));
        root.Subcommands.Add(CacheCommand.Create(console));
        root.Subcommands.Add(HealthCommand.Create(console));
        root.Subcommands.Add(ModelsCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var result = Build(console, args).Parse(args);
        if (result.Errors.Count > 0)
        {
            // System.CommandLine reports parse errors with exit code 1, which Aide reserves for provider failures.
            foreach (var error in result.Errors)
            {
                console.WriteError(error.Message);
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
