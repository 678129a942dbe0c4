namespace Aide.Cli.Tests.Support;

/// <summary>The test MCP server (tests/Aide.McpTestServer, the SDK's stdio server) as aide starts it.</summary>
public static class McpTestServer
{
    /// <summary>Gets the built server, beside the tests' own build (same configuration).</summary>
    public static string DllPath { get; } = Locate();

    /// <summary>The <c>--mcp</c> value that starts it with its state (counters, appended lines) in <paramref name="stateDirectory"/>.</summary>
    public static string Flag(string stateDirectory, string name = "test") => $"{name}=dotnet exec \"{DllPath}\" \"{stateDirectory}\"";

    private static string Locate()
    {
        // tests/Aide.Cli.Tests/bin/<Configuration>/net10.0/ → tests/Aide.McpTestServer/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Aide.McpTestServer", "bin", configuration, framework, "Aide.McpTestServer.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The test MCP server is not built at {path}.");
    }
}
