using System.CommandLine;
using Aide.Cli.Chat;
using Aide.Cli.Mcp;
using Aide.Conversations;
using ModelContextProtocol.Server;

namespace Aide.Cli.Commands;

/// <summary><c>aide mcp</c>: Aide as an MCP server on standard input and output, for other agents.</summary>
internal static class McpCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new ChatOptions();
        var command = new Command("mcp", "Serve Aide over the Model Context Protocol on stdin/stdout (for agents and editors): tools ask, history_search, history_show and a resource per conversation. Add it to a client as: aide mcp");
        command.Options.Add(options.Provider);
        command.Options.Add(options.Model);
        command.Options.Add(options.Timeout);
        command.Options.Add(options.Retries);
        command.Options.Add(options.NoCache);
        command.SetAction((result, cancellationToken) => RunAsync(console, options.ToOverrides(result), options.ToCacheMode(result), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, Configuration.AideSettingsOverrides overrides, Caching.ChatCacheMode cacheMode, CancellationToken cancellationToken)
    {
        try
        {
            // Standard output is the protocol's: everything else (warnings, errors) goes to standard error.
            var settings = ProviderSelector.LoadSettings(console, overrides);

            // Without a provider the history tools still work; ask answers with what to configure.
            IReadOnlyList<Aide.Configuration.ProviderSettings> providers;
            NoProviderException? none = null;
            try
            {
                providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
            }
            catch (NoProviderException ex)
            {
                (providers, none) = ([], ex);
            }

            await using var runtime = new ChatRuntime(console, settings, cacheMode, savesTurns: true);
            var store = new Lazy<IConversationStore?>(() => ConversationHost.OpenStore(console, settings, runtime.LoggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
            try
            {
                var options = new AideMcpServer(settings, providers, runtime, store) { NoProvider = none }.Options();
                await using var server = McpServer.Create(new StdioServerTransport(options, runtime.LoggerFactory), options, runtime.LoggerFactory);
                await server.RunAsync(cancellationToken);
                return ExitCodes.Ok;
            }
            finally
            {
                if (store.IsValueCreated && store.Value is { } opened)
                {
                    await opened.DisposeAsync();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
    }
}
