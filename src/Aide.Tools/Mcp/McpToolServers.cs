using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace Aide.Tools.Mcp;

/// <summary>
/// The MCP servers of a run, connected through the Model Context Protocol SDK on first use (a command that never asks
/// for tools starts none), in parallel, and stopped when disposed. A server that cannot start, or dies, is reported once
/// through <see cref="ServerUnavailable"/> and left out from then on: the chat goes on without its tools.
/// </summary>
public sealed partial class McpToolServers : IAsyncDisposable
{
    private readonly Dictionary<string, ServerSlot> _servers;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeSpan _startTimeout;

    /// <summary>Creates the set; nothing starts yet.</summary>
    /// <param name="servers">The servers (names unique).</param>
    /// <param name="loggerFactory">Where the SDK's logs and the servers' standard error go.</param>
    /// <param name="startTimeout">How long a server may take to start and answer its handshake (20 s by default).</param>
    public McpToolServers(IEnumerable<McpServerSpec> servers, ILoggerFactory? loggerFactory = null, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _servers = new Dictionary<string, ServerSlot>(StringComparer.Ordinal);
        foreach (var spec in servers)
        {
            if (!_servers.TryAdd(spec.Name, new ServerSlot(spec)))
            {
                throw new ArgumentException($"Two MCP servers are named '{spec.Name}'.", nameof(servers));
            }
        }

        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Aide.Tools.Mcp");
        _startTimeout = startTimeout ?? TimeSpan.FromSeconds(20);
    }

    /// <summary>Raised once per server that cannot start or has died, with its name and what happened.</summary>
    public event Action<string, string>? ServerUnavailable;

    /// <summary>Gets the servers.</summary>
    public IReadOnlyList<McpServerSpec> Servers => [.. _servers.Values.Select(s => s.Spec)];

    /// <summary>
    /// The tools of every server still usable, guarded (read-only when the server annotates them <c>readOnlyHint</c>),
    /// starting the servers not started yet. A tool whose name another server's tool already has is offered as
    /// <c>server_tool</c>.
    /// </summary>
    /// <param name="guard">The guard the tools run under.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The tools.</returns>
    public async Task<IReadOnlyList<AIFunction>> GetToolsAsync(ToolGuard guard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(guard);
        var slots = _servers.Values.ToList();
        await Task.WhenAll(slots.Select(s => TryStartAsync(s, cancellationToken)));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tools = new List<AIFunction>();
        foreach (var slot in slots.Where(s => s.Tools is not null && !s.Dead))
        {
            foreach (var tool in slot.Tools!)
            {
                var named = names.Add(tool.Name) ? tool : tool.WithName(slot.Spec.Name + "_" + tool.Name);
                names.Add(named.Name);
                var readOnly = tool.ProtocolTool.Annotations?.ReadOnlyHint == true;
                tools.Add(guard.Guard(new ServerTool(named, this, slot), slot.Spec.Name, readOnly));
            }
        }

        return tools;
    }

    /// <summary>Starts one server (if not started) and lists its tools.</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Its tools.</returns>
    /// <exception cref="McpServerUnavailableException">There is no such server, or it cannot start.</exception>
    public async Task<IReadOnlyList<McpClientTool>> ListToolsAsync(string server, CancellationToken cancellationToken)
    {
        var slot = Find(server);
        await StartAsync(slot, cancellationToken);
        return slot.Tools!;
    }

    /// <summary>Calls a tool of a server directly (no guard: the user asked for this call).</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tool's output as text, and whether the server flagged it as an error.</returns>
    /// <exception cref="McpServerUnavailableException">There is no such server or tool, or the server cannot start or died.</exception>
    public async Task<(string Output, bool IsError)> CallAsync(string server, string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var slot = Find(server);
        await StartAsync(slot, cancellationToken);
        if (!slot.Tools!.Any(t => t.Name == tool))
        {
            throw new McpServerUnavailableException(server, $"The MCP server '{server}' has no tool '{tool}'; it has {string.Join(", ", slot.Tools!.Select(t => t.Name))}.");
        }

        try
        {
            var result = await slot.Client!.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
            var text = string.Join('\n', result.Content.Select(c => c is ModelContextProtocol.Protocol.TextContentBlock t ? t.Text : $"[{c.Type} content]"));
            return (text, result.IsError == true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not McpProtocolException)
        {
            MarkDead(slot, ex);
            throw new McpServerUnavailableException(server, $"The MCP server '{server}' failed during the call: {ex.Message}", ex);
        }
    }

    /// <summary>Stops every server started.</summary>
    /// <returns>A task that completes when they are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _servers.Values)
        {
            if (slot.Client is { } client)
            {
                try
                {
                    await client.DisposeAsync();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or McpException or ObjectDisposedException)
                {
                    Log.StopFailed(_logger, slot.Spec.Name, ex.Message);
                }
            }
        }
    }

    private ServerSlot Find(string server) =>
        _servers.TryGetValue(server, out var slot)
            ? slot
            : throw new McpServerUnavailableException(server, _servers.Count == 0
                ? $"There is no MCP server '{server}': none is configured (config mcpServers, or --mcp NAME=COMMAND|URL)."
                : $"There is no MCP server '{server}'; the configured ones are {string.Join(", ", _servers.Keys)}.");

    private async Task TryStartAsync(ServerSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(slot, cancellationToken);
        }
        catch (McpServerUnavailableException)
        {
            // Reported through ServerUnavailable; the others' tools are still offered.
        }
    }

    private async Task StartAsync(ServerSlot slot, CancellationToken cancellationToken)
    {
        if (slot.Dead)
        {
            throw new McpServerUnavailableException(slot.Spec.Name, slot.Failure!);
        }

        Task start;
        lock (slot)
        {
            start = slot.Starting ??= ConnectAsync(slot);
        }

        try
        {
            await start.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MarkDead(slot, ex);
            throw new McpServerUnavailableException(slot.Spec.Name, slot.Failure!, ex);
        }
    }

    private async Task ConnectAsync(ServerSlot slot)
    {
        var spec = slot.Spec;
        IClientTransport transport = spec.Url is { } url
            ? new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url, Name = spec.Name, TransportMode = HttpTransportMode.StreamableHttp }, _loggerFactory)
            : new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = spec.Name,
                    Command = spec.Command!,
                    Arguments = [.. spec.Arguments],
                    EnvironmentVariables = spec.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                    StandardErrorLines = line => Log.ServerStderr(_logger, spec.Name, line),
                    ShutdownTimeout = TimeSpan.FromSeconds(2),
                },
                _loggerFactory);
        using var timeout = new CancellationTokenSource(_startTimeout);
        try
        {
            slot.Client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = _startTimeout }, _loggerFactory, timeout.Token);
            slot.Tools = [.. await slot.Client.ListToolsAsync(cancellationToken: timeout.Token)];
            Log.Started(_logger, spec.Name, slot.Tools.Count);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"it did not answer within {_startTimeout.TotalSeconds:0.#} s");
        }
    }

    private void MarkDead(ServerSlot slot, Exception error)
    {
        string message;
        lock (slot)
        {
            if (slot.Dead)
            {
                return;
            }

            slot.Dead = true;
            var reason = error.InnerException is { } inner && error is not McpServerUnavailableException ? $"{error.Message} ({inner.Message})" : error.Message;
            message = slot.Failure = slot.Client is null
                ? $"The MCP server '{slot.Spec.Name}' ({slot.Spec}) could not start: {reason}"
                : $"The MCP server '{slot.Spec.Name}' stopped working: {reason}";
        }

        Log.Unavailable(_logger, slot.Spec.Name, message);
        ServerUnavailable?.Invoke(slot.Spec.Name, message);
    }

    /// <summary>One server: how it is started, and once started, its client and tools.</summary>
    private sealed class ServerSlot(McpServerSpec spec)
    {
        public McpServerSpec Spec { get; } = spec;

        public Task? Starting { get; set; }

        public McpClient? Client { get; set; }

        public List<McpClientTool>? Tools { get; set; }

        public bool Dead { get; set; }

        public string? Failure { get; set; }
    }

    /// <summary>A server's tool that marks the server dead when a call fails for any reason but the server's own error answer.</summary>
    private sealed class ServerTool(AIFunction inner, McpToolServers owner, ServerSlot slot) : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            if (slot.Dead)
            {
                throw new McpServerUnavailableException(slot.Spec.Name, slot.Failure!);
            }

            try
            {
                return await base.InvokeCoreAsync(arguments, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not McpProtocolException and not McpServerUnavailableException)
            {
                owner.MarkDead(slot, ex);
                throw new McpServerUnavailableException(slot.Spec.Name, slot.Failure!, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "MCP server {Server} started with {Count} tools")]
        public static partial void Started(ILogger logger, string server, int count);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "MCP server {Server}: {Line}")]
        public static partial void ServerStderr(ILogger logger, string server, string line);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "MCP server {Server} unavailable: {Message}")]
        public static partial void Unavailable(ILogger logger, string server, string message);

        [LoggerMessage(EventId = 7004, Level = LogLevel.Debug, Message = "MCP server {Server} did not stop cleanly: {Message}")]
        public static partial void StopFailed(ILogger logger, string server, string message);
    }
}
