using System.CommandLine;
using System.Net;
using Aide.Caching;
using Aide.Cli.Bench;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Events.Journal;
using Aide.Health;
using Aide.Models;
using Aide.Providers;
using Aide.Server;
using Aide.Server.Access;
using Aide.Server.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide serve</c>: the OpenAI-compatible gateway (Kestrel, minimal APIs) over the same pipeline and turn engine as
/// <c>aide ask</c>. Only this command touches ASP.NET Core, so the other commands' start-up does not pay for it.
/// </summary>
internal static class ServeCommand
{
    internal const string DefaultListen = "127.0.0.1:8088";

    // The journal's latest events the dashboard starts with (its lists, usage and replay survive a restart): 2 MB is
    // about 5,000 events, read in ~20 ms once at start.
    private const long RecentJournalBytes = 2 << 20;

    public static Command Create(CliConsole console)
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on (beyond loopback only once an access key exists: aide keys create).", HelpName = "ADDRESS:PORT", DefaultValueFactory = _ => DefaultListen };
        var drain = new Option<string>("--drain") { Description = "On Ctrl+C or SIGTERM, how long answers in progress may take to finish before they are cancelled.", HelpName = "DURATION", DefaultValueFactory = _ => "10s" };
        var maxBody = new Option<string>("--max-body") { Description = "Largest request body accepted; a larger one gets 413.", HelpName = "SIZE", DefaultValueFactory = _ => "4MB" };
        var queue = new Option<string>("--queue") { Description = "How many requests may wait for a local model that is answering another (default 16; config localQueue); beyond it 429 with Retry-After.", HelpName = "N" };
        var history = new Option<bool>("--history") { Description = "Also store requests that name no session (X-Aide-Session), each as a new conversation aide history shows." };
        var options = new ChatOptions();
        var toolOptions = new Tools.ToolOptions();
        var serverTools = new Option<bool>("--server-tools")
        {
            Description = "Run the server's own tools (--mcp, --tools, config mcpServers/tools) for requests that bring no tools of theirs; a tool that may change something runs only with --yes or config toolsAllow (there is no terminal to ask).",
        };
        var command = new Command("serve", "Serve the OpenAI API (chat completions, models) on a local port, with Aide's providers, failover, cache and events: point any OpenAI client's base URL at it.");
        command.Options.Add(listen);
        command.Options.Add(drain);
        command.Options.Add(maxBody);
        command.Options.Add(queue);
        command.Options.Add(history);
        command.Options.Add(options.Provider);
        command.Options.Add(options.Model);
        command.Options.Add(options.Timeout);
        command.Options.Add(options.Retries);
        command.Options.Add(options.NoCache);
        command.Options.Add(serverTools);
        toolOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            result.GetValue(listen)!,
            SettingParsers.Duration(new SettingValue(result.GetValue(drain)!, "--drain"), "drain", TimeSpan.FromMinutes(10), TimeSpan.Zero),
            SettingParsers.Size(new SettingValue(result.GetValue(maxBody)!, "--max-body"), "max-body", 1024, 1L << 30),
            options.ToOverrides(result) with { LocalQueue = result.GetValue(queue) },
            new ServeLimits(TimeSpan.Zero, 0, result.GetValue(history)) { Tools = toolOptions.ToChoice(result), ServerTools = result.GetValue(serverTools) },
            options.ToCacheMode(result),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console, string listen, TimeSpan drain, long maxBody, AideSettingsOverrides overrides, ServeLimits flags, ChatCacheMode cacheMode, CancellationToken cancellationToken)
    {
        try
        {
            var keys = KeysCommand.Store(console);
            var limits = flags with { Drain = drain, MaxBody = maxBody };
            return await ServeAsync(console, ParseListen(listen, keys.List().Count > 0), keys, limits, overrides, cacheMode, null, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
    }

    /// <summary>Runs the server until Ctrl+C or SIGTERM; <paramref name="started"/> (if any) is told once it listens.</summary>
    internal static async Task<int> ServeAsync(
        CliConsole console, IPEndPoint endpoint, AccessKeyStore keys, ServeLimits limits, AideSettingsOverrides overrides, ChatCacheMode cacheMode, Action<Uri>? started, CancellationToken cancellationToken)
    {
        var settings = ProviderSelector.LoadSettings(console, overrides);
        if (limits.History && !settings.History)
        {
            throw new UsageException("--history keeps every request, but history is off in the configuration (history: false); turn it on, or leave out --history.");
        }

        var providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
        await using var runtime = new ChatRuntime(console, settings, cacheMode);
        using var http = new HttpClient();
        var store = new Lazy<IConversationStore>(() => ConversationHost.OpenStore(console, runtime.LoggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
        var paths = AidePaths.Resolve(console.Environment);

        // Every answer is priced and recorded in the history store (the stateless ones in batches, written within a
        // second and on shutdown); each key is held to its budget (aide keys budget), the owner's turns to config budget.
        await using var meter = runtime.CreateMeter(settings.History ? new DeferredLedger(store) : null, keys.BudgetOf);
        if (!settings.History && keys.List().Any(k => k.Budget is not null))
        {
            console.WriteWarning("History is off, so usage is not recorded: key budgets count only what this server answers from its start.");
        }

        var models = new ModelStore(paths.ModelsDirectory);
        // The monitor runs with its usual schedule; /readyz reports it.
        var checks = HealthRun.Checks(providers, paths, runtime, runtime.Cache, HealthRun.RecentCalls(console, runtime.Bus));
        var monitor = new HealthMonitor(checks, new HealthMonitorOptions(), runtime.Bus, loggerFactory: runtime.LoggerFactory);
        monitor.Start();
        using var dashboard = new AideDashboard(runtime.Bus, settings.Journal ? new EventJournalReader(ChatRuntime.JournalDirectory(console)).ReadRecent(RecentJournalBytes) : null)
        {
            Health = monitor,
            HealthChecks = checks,
            Circuits = runtime.Circuits,
            Cache = runtime.Cache,
            Conversations = settings.History ? () => store.Value : null,
            Bench = cancel => LatestBench.LoadAsync(console, cancel),
        };
        await using var tools = limits.ServerTools ? Tools.ToolSession.Create(console, settings, limits.Tools, runtime.Bus, interactive: false) : null;
        if (!limits.ServerTools && (limits.Tools.Mcp.Count > 0 || limits.Tools.BuiltIn is not null))
        {
            console.WriteWarning("--mcp and --tools give the server tools it runs itself only with --server-tools; without it, clients' own tools are passed through and the server runs none.");
        }

        if (limits.ServerTools && tools is null)
        {
            throw new UsageException("--server-tools runs the server's tools, and none are configured: add --mcp NAME=COMMAND|URL or --tools NAME,… (or config mcpServers/tools).");
        }

        using var gateway = new AideGateway(
            new AideGatewayOptions
            {
                Providers = [.. providers],
                ExtraModels = [.. models.List().Select(m => "local/" + m.Name)],
                ModelAliases = new Dictionary<string, string>(settings.Aliases, StringComparer.Ordinal),
                MaxRequestBytes = limits.MaxBody,
                ServerTools = tools is null ? null : tools.ForTurnAsync,
            },
            runtime.CreateClient,
            new ProviderProbe(http, registry: runtime.Providers))
        {
            OpenSession = settings.History ? SessionOpener(settings, runtime, providers[0], store) : null,
            RequestHistory = limits.History ? () => store.Value : null,
            CreateRefreshingPipeline = runtime.CreateRefreshingClient,
            CreateEmbeddingGenerator = runtime.CreateEmbeddingGenerator,
            Health = monitor,
            Keys = keys,
            Dashboard = dashboard,
            Meter = meter,
        };

        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(endpoint);
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = null; // the gateway enforces --max-body itself, so an oversized body gets a 413 the client can read
            });
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = limits.Drain);
            builder.Services.AddAideGateway(gateway);
            await using var app = builder.Build();
            app.MapAideGateway();
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new UsageException($"--listen {endpoint}: the address is in use (another aide serve?). Pick another port.");
            }

            var home = new Uri($"http://{endpoint}/");
            if (started is not null)
            {
                started(home);
            }
            else
            {
                console.Out.WriteLine($"Aide serves the OpenAI API on {home}v1 ({string.Join(", ", providers.Select(p => p.ToString()))}). Ctrl+C stops it.");
                console.Out.WriteLine($"Dashboard: {home}");
            }

            console.Out.Flush();
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            await monitor.DisposeAsync(); // before its checks, which it may be running
            AideHealthChecks.DisposeAll(checks);
            await meter.FlushAsync(CancellationToken.None); // the last batch of usage records, before the store closes
            if (store.IsValueCreated)
            {
                await store.Value.DisposeAsync();
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Opens a stored conversation per request with X-Aide-Session (the store itself once, on the first such request),
    /// with the window of the first provider's model, as <c>aide ask --session</c> would.
    /// </summary>
    private static Func<string, CancellationToken, Task<ConversationSession>> SessionOpener(AideSettings settings, ChatRuntime runtime, ProviderSettings provider, Lazy<IConversationStore> store)
    {
        var options = ConversationHost.SessionOptions(settings, provider.Model, runtime, provider.Kind);
        return (name, cancellationToken) => ConversationSession.OpenAsync(store.Value, name, options, cancellationToken);
    }

    /// <summary>What bounds the server: drain time on shutdown, request body size, and whether every request is stored.</summary>
    internal sealed record ServeLimits(TimeSpan Drain, long MaxBody, bool History)
    {
        /// <summary>Gets the tools of the server's MCP servers and built-ins (--mcp, --tools, config), run for clients with <c>--server-tools</c>.</summary>
        public Tools.ToolChoice Tools { get; init; } = Cli.Tools.ToolChoice.Default;

        /// <summary>Gets a value indicating whether requests that bring no tools get the server's.</summary>
        public bool ServerTools { get; init; }
    }

    internal static IPEndPoint ParseListen(string listen, bool hasKeys)
    {
        if (!IPEndPoint.TryParse(listen.Replace("localhost", "127.0.0.1", StringComparison.OrdinalIgnoreCase), out var endpoint) || endpoint.Port == 0)
        {
            throw new UsageException($"--listen '{listen}' is not ADDRESS:PORT (e.g. {DefaultListen}).");
        }

        if (!hasKeys && !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new UsageException($"--listen {listen} would expose Aide beyond this machine, and no access keys exist yet: create one first (aide keys create NAME), or listen on 127.0.0.1.");
        }

        return endpoint;
    }
}
