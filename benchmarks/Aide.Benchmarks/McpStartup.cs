using System.Diagnostics;
using System.Globalization;
using Aide.Tools;
using Aide.Tools.Mcp;

namespace Aide.Benchmarks;

/// <summary>
/// What starting a stdio MCP server costs the first turn that needs its tools: process start, the protocol's handshake
/// and the tool list (tests/Aide.McpTestServer, a .NET process), median and spread over several starts.
/// </summary>
internal static class McpStartup
{
    public static async Task RunAsync(int runs)
    {
        var path = ToolLoopBenchmarks.McpTestServerPath();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var servers = new McpToolServers([McpServerSpec.Parse($"test=dotnet exec \"{path}\" \"{Path.GetTempPath()}\"")]))
            {
                await servers.GetToolsAsync(new ToolGuard(new ToolGuardOptions()), CancellationToken.None);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MCP stdio server start + handshake + tools/list over {runs} runs: median {times[runs / 2]:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms"));
    }
}
