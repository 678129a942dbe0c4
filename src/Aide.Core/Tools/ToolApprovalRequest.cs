namespace Aide.Tools;

/// <summary>What a tool that may change something is about to do, for the user to approve.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Server">Where it runs: <c>builtin</c>, or the MCP server's name.</param>
/// <param name="Arguments">The call's arguments as JSON.</param>
/// <param name="Summary">A one-line account of the call for the prompt (a shell tool's command line), or <see langword="null"/> to show the arguments.</param>
public sealed record ToolApprovalRequest(string Tool, string Server, string Arguments, string? Summary);
