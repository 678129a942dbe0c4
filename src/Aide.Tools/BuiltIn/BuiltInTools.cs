using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary>Aide's own tools, each off unless named: <c>read_file</c>, <c>list_dir</c>, <c>shell</c>, <c>http_get</c>.</summary>
public static class BuiltInTools
{
    /// <summary>Gets the names of the built-in tools.</summary>
    public static IReadOnlyList<string> Names { get; } = ["read_file", "list_dir", "shell", "http_get"];

    /// <summary>Creates the named built-in tools, guarded.</summary>
    /// <param name="names">The tools to create (each one of <see cref="Names"/>).</param>
    /// <param name="options">Where they work.</param>
    /// <param name="guard">The guard they run under.</param>
    /// <param name="http">The client <c>http_get</c> uses (redirects off: the tool follows them itself, checking each host).</param>
    /// <returns>The tools.</returns>
    /// <exception cref="ArgumentException">A name is not a built-in tool.</exception>
    public static IReadOnlyList<AIFunction> Create(IEnumerable<string> names, BuiltInToolOptions options, ToolGuard guard, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(guard);
        var root = new WorkspaceRoot(options.WorkingDirectory);
        var tools = new List<AIFunction>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            BuiltInTool tool = name switch
            {
                "read_file" => new ReadFileTool(root),
                "list_dir" => new ListDirTool(root),
                "shell" => new ShellTool(root, options.ShellTimeout),
                "http_get" => new HttpGetTool(http ?? DefaultHttp.Value, options.HttpAllowedHosts),
                _ => throw new ArgumentException($"There is no built-in tool '{name}'; the built-in tools are {string.Join(", ", Names)}.", nameof(names)),
            };
            tools.Add(guard.Guard(tool, ToolGuard.BuiltInServer, tool.ReadOnly, tool.Describe));
        }

        return tools;
    }

    private static readonly Lazy<HttpClient> DefaultHttp = new(() => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(20),
    });
}
