using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

// Tools: echo (read-only), lookup (read-only; counts its calls in STATE/lookup.count), append (writes a line to
// STATE/append.txt), die (exits the process mid-call). STATE is the first argument (default: the current directory).
// With "--http URL" after it, the same tools are served over Streamable HTTP at URL/mcp instead of stdio.
var state = args.Length > 0 ? args[0] : Environment.CurrentDirectory;
var http = args.Length > 2 && args[1] == "--http" ? args[2] : null;
await Console.Error.WriteLineAsync("test MCP server starting (this line goes to aide's log, not its terminal)");

static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();

Tool[] tools =
[
    new() { Name = "echo", Description = "Echoes the text back.", InputSchema = Schema("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}"""), Annotations = new ToolAnnotations { ReadOnlyHint = true } },
    new() { Name = "lookup", Description = "Looks a word up.", InputSchema = Schema("""{"type":"object","properties":{"word":{"type":"string"}},"required":["word"]}"""), Annotations = new ToolAnnotations { ReadOnlyHint = true } },
    new() { Name = "append", Description = "Appends a line to a file.", InputSchema = Schema("""{"type":"object","properties":{"line":{"type":"string"}},"required":["line"]}""") },
    new() { Name = "die", Description = "Stops the server.", InputSchema = Schema("""{"type":"object","properties":{}}""") },
];

var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "aide-test-server", Version = "1.0.0" },
    Handlers = new McpServerHandlers
    {
        ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = tools }),
        CallToolHandler = (request, _) =>
        {
            var arguments = request.Params?.Arguments ?? new Dictionary<string, JsonElement>();
            string Arg(string name) => arguments.TryGetValue(name, out var value) ? value.ToString() : string.Empty;
            switch (request.Params?.Name)
            {
                case "echo":
                    return ValueTask.FromResult(Text("echo: " + Arg("text")));
                case "lookup":
                    var counter = Path.Combine(state, "lookup.count");
                    var count = (File.Exists(counter) ? int.Parse(File.ReadAllText(counter), CultureInfo.InvariantCulture) : 0) + 1;
                    File.WriteAllText(counter, count.ToString(CultureInfo.InvariantCulture));
                    return ValueTask.FromResult(Text($"{Arg("word")}: a word looked up {count} time(s)"));
                case "append":
                    File.AppendAllText(Path.Combine(state, "append.txt"), Arg("line") + "\n");
                    return ValueTask.FromResult(Text("appended"));
                case "die":
                    Environment.Exit(3);
                    return ValueTask.FromResult(Text("unreachable"));
                default:
                    return ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "no such tool" }] });
            }
        },
    },
};

if (http is not null)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseUrls(http);
    builder.Services.AddMcpServer(o =>
    {
        o.ServerInfo = options.ServerInfo;
        o.Handlers = options.Handlers;
    }).WithHttpTransport();
    var app = builder.Build();
    app.MapMcp("/mcp");
    await app.RunAsync();
    return;
}

await using var server = McpServer.Create(new StdioServerTransport(options), options);
await server.RunAsync();

static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };
