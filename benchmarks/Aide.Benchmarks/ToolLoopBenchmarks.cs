using Aide.Configuration;
using Aide.Pipeline;
using Aide.Providers;
using Aide.Resilience;
using Aide.Tools;
using Aide.Tools.Mcp;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Aide.Benchmarks;

/// <summary>
/// What a tool loop costs beyond the model's own time, through Aide's whole pipeline with a model that answers from
/// memory: one answer without tools (the baseline, one model round trip), a two-round loop with an in-process tool, and
/// the same loop with a tool of a real stdio MCP server (tests/Aide.McpTestServer, started once in the setup). The cost
/// of one round is (loop − 2 × baseline): the loop makes two model calls.
/// </summary>
[MemoryDiagnoser]
public class ToolLoopBenchmarks
{
    private readonly List<ChatMessage> _question = [new(ChatRole.User, "echo")];
    private IChatClient _pipeline = null!;
    private ChatOptions _inProcess = null!;
    private ChatOptions _mcp = null!;
    private McpToolServers _servers = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var provider = new ProviderSettings(ProviderKind.OpenAI, "http://127.0.0.1:1/v1", "m");
        _pipeline = AideChatClientFactory.Build([provider], _ => new ToolAskingChatClient(), new ProviderOptions { Providers = [provider] }, new ResilienceOptions(), services: null);
        var guard = new ToolGuard(new ToolGuardOptions());
        _inProcess = new ChatOptions { Tools = [guard.Guard(AIFunctionFactory.Create((string text) => "echo: " + text, "echo"), ToolGuard.BuiltInServer, readOnly: true)] };
        _servers = new McpToolServers([McpServerSpec.Parse($"test=dotnet exec \"{McpTestServerPath()}\" \"{Path.GetTempPath()}\"")]);
        _mcp = new ChatOptions { Tools = [.. (await _servers.GetToolsAsync(guard, CancellationToken.None)).Where(t => t.Name == "echo")] };
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _pipeline.Dispose();
        await _servers.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Answer_without_tools() => _pipeline.GetResponseAsync(_question);

    [Benchmark]
    public Task<ChatResponse> Two_round_loop_in_process_tool() => _pipeline.GetResponseAsync(_question, _inProcess);

    [Benchmark]
    public Task<ChatResponse> Two_round_loop_stdio_mcp_tool() => _pipeline.GetResponseAsync(_question, _mcp);

    /// <summary>The test MCP server's build (Release, else Debug), from the repository root or the benchmark's folder.</summary>
    internal static string McpTestServerPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var path = Path.Combine(directory.FullName, "tests", "Aide.McpTestServer", "bin", configuration, "net10.0", "Aide.McpTestServer.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new FileNotFoundException("Build the test MCP server first: dotnet build tests/Aide.McpTestServer -c Release");
    }

    /// <summary>A model answering from memory: asks for the tool named by the question until it has its result, then answers.</summary>
    private sealed class ToolAskingChatClient : IChatClient
    {
        private static readonly Dictionary<string, object?> Arguments = new() { ["text"] = "hi" };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var last = messages is IList<ChatMessage> list ? list[^1] : messages.Last();
            return Task.FromResult(last.Role == ChatRole.Tool || options?.Tools is not { Count: > 0 }
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "done")) { FinishReason = ChatFinishReason.Stop }
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "echo", Arguments)])) { FinishReason = ChatFinishReason.ToolCalls });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
