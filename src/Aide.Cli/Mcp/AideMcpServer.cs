using System.Globalization;
using System.Text;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Turns;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Aide.Cli.Mcp;

/// <summary>
/// Aide as an MCP server for other agents (<c>aide mcp</c>, stdio): tools <c>ask</c> (a turn through Aide's pipeline:
/// cache, failover, history when a session is named), <c>history_search</c> and <c>history_show</c>, and a resource per
/// conversation (<c>aide://conversations/NAME</c>). Handlers are written out (no reflection over methods), so the
/// native build needs no trimming exceptions.
/// </summary>
internal sealed class AideMcpServer(AideSettings settings, IReadOnlyList<ProviderSettings> providers, ChatRuntime runtime, Lazy<IConversationStore?> store)
{
    private const string ResourcePrefix = "aide://conversations/";
    private const int MaxShownChars = 200_000;

    /// <summary>Gets why there is no provider to ask, when none is configured or detected (the history tools still work).</summary>
    public Exception? NoProvider { get; init; }

    public McpServerOptions Options() => new()
    {
        ServerInfo = new Implementation { Name = "aide", Version = typeof(AideMcpServer).Assembly.GetName().Version?.ToString(3) ?? "0.1.0" },
        ServerInstructions = "Aide answers questions through its configured models (with its response cache and provider failover) and searches and shows its saved conversations.",
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability(), Resources = new ResourcesCapability() },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = Tools }),
            CallToolHandler = (request, ct) => CallAsync(request.Params?.Name, request.Params?.Arguments, ct),
            ListResourcesHandler = (_, ct) => ListResourcesAsync(ct),
            ReadResourceHandler = (request, ct) => ReadResourceAsync(request.Params?.Uri, ct),
        },
    };

    private static readonly Tool[] Tools =
    [
        new()
        {
            Name = "ask",
            Description = "Ask Aide's model a question. With a session name the turn is saved to that conversation and its history is the context.",
            InputSchema = Schema("""{"type":"object","properties":{"question":{"type":"string"},"session":{"type":"string","description":"A conversation to continue or create (optional)."},"system":{"type":"string","description":"A system prompt (optional)."}},"required":["question"]}"""),
            Annotations = new ToolAnnotations { ReadOnlyHint = false, OpenWorldHint = true },
        },
        new()
        {
            Name = "history_search",
            Description = "Full-text search of Aide's saved conversations: matching messages with their conversation and number.",
            InputSchema = Schema("""{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer","description":"At most this many hits (default 20)."}},"required":["query"]}"""),
            Annotations = new ToolAnnotations { ReadOnlyHint = true },
        },
        new()
        {
            Name = "history_show",
            Description = "The messages of one saved conversation, by name.",
            InputSchema = Schema("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"""),
            Annotations = new ToolAnnotations { ReadOnlyHint = true },
        },
    ];

    private async ValueTask<CallToolResult> CallAsync(string? name, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken)
    {
        string Arg(string key) => arguments is not null && arguments.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
        try
        {
            return name switch
            {
                "ask" => Text(await AskAsync(Arg("question"), Arg("session"), Arg("system"), cancellationToken)),
                "history_search" => Text(await SearchAsync(Arg("query"), arguments?.TryGetValue("limit", out var l) == true && l.TryGetInt32(out var n) ? n : 20, cancellationToken)),
                "history_show" => Text(await ShowAsync(Arg("name"), cancellationToken)),
                _ => Error($"There is no tool '{name}'; Aide serves ask, history_search and history_show."),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The agent gets the reason as the tool's error, as a user would on the command line.
            return Error(ex is Aide.Chat.AideChatException or AideConfigurationException or ConversationStoreException or UsageException or Aide.Conversations.Window.ContextWindowOverflowException or Usage.BudgetExceededException
                ? ex.Message
                : $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<string> AskAsync(string question, string session, string system, CancellationToken cancellationToken)
    {
        if (question.Trim().Length == 0)
        {
            throw new UsageException("'question' is required.");
        }

        if (NoProvider is { } none)
        {
            throw new UsageException(none.Message);
        }

        using var client = runtime.CreateClient(providers);
        await using var meter = runtime.CreateMeter(store.Value as Usage.IUsageLedger);
        var runner = new ChatTurnRunner(client) { Meter = meter };
        var request = new ChatTurnRequest { Question = question, SystemPrompt = system.Length > 0 ? system : settings.SystemPrompt, Summarize = settings.Summarize };
        if (session.Length == 0 || store.Value is not { } conversations)
        {
            return (await runner.RunAsync(request, cancellationToken)).Text;
        }

        if (!ConversationName.IsValid(session))
        {
            throw new UsageException(ConversationName.Problem(session));
        }

        var opened = await ConversationHost.OpenSessionAsync(conversations, new SessionChoice(session, false), settings, providers[0], runtime, cancellationToken);
        return (await runner.RunAsync(request, opened, cancellationToken)).Text;
    }

    private async Task<string> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        if (store.Value is not IConversationSearch search)
        {
            throw new UsageException("History is off, so there is nothing to search.");
        }

        var hits = await search.SearchAsync(query, Math.Clamp(limit, 1, 200), null, cancellationToken);
        if (hits.Count == 0)
        {
            return $"No saved message matches '{query}'.";
        }

        var text = new StringBuilder();
        foreach (var hit in hits)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hit.ConversationName} #{hit.Sequence} {hit.Role} ({hit.CreatedAt:yyyy-MM-dd}): {hit.Snippet}\n");
        }

        return text.ToString();
    }

    private async Task<string> ShowAsync(string name, CancellationToken cancellationToken)
    {
        if (store.Value is not { } conversations)
        {
            throw new UsageException("History is off, so there are no saved conversations.");
        }

        var conversation = await conversations.FindAsync(name, cancellationToken)
            ?? throw new UsageException($"There is no conversation '{name}' (history_search finds them by content).");
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{conversation.Name} · {conversation.MessageCount} messages\n");
        foreach (var message in await conversations.GetMessagesAsync(conversation.Id, cancellationToken))
        {
            var role = message.Metadata?.GetValueOrDefault(Aide.Tools.ToolCallRecord.ToolKey) is { } tool ? $"tool call {tool}" : message.Role;
            text.Append(CultureInfo.InvariantCulture, $"\n#{message.Sequence} {role}:\n{message.Content}\n");
            if (text.Length > MaxShownChars)
            {
                text.Append("\n[cut: the conversation is longer]");
                break;
            }
        }

        return text.ToString();
    }

    private async ValueTask<ListResourcesResult> ListResourcesAsync(CancellationToken cancellationToken)
    {
        var conversations = store.Value is { } s ? await s.ListAsync(cancellationToken) : [];
        return new ListResourcesResult
        {
            Resources = [.. conversations.Select(c => new Resource { Uri = ResourcePrefix + c.Name, Name = c.Name, Description = c.Title, MimeType = "text/plain" })],
        };
    }

    private async ValueTask<ReadResourceResult> ReadResourceAsync(string? uri, CancellationToken cancellationToken)
    {
        if (uri is null || !uri.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            throw new McpException($"Unknown resource '{uri}': Aide's are {ResourcePrefix}NAME.");
        }

        string text;
        try
        {
            text = await ShowAsync(Uri.UnescapeDataString(uri[ResourcePrefix.Length..]), cancellationToken);
        }
        catch (UsageException ex)
        {
            throw new McpException(ex.Message);
        }

        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = text }] };
    }

    private static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    private static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };
}
