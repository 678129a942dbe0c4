namespace Aide.Events;

/// <summary>A model asked for a tool and Aide is about to run it (after the user's approval, when it needs one).</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Server">Where it runs: <c>builtin</c>, or the MCP server's name.</param>
/// <param name="CallId">The model's id for this call.</param>
/// <param name="Arguments">The arguments as JSON; only with <c>--journal-content</c>, else <see langword="null"/>.</param>
public sealed partial record ToolCallStarted(string Tool, string Server, string? CallId, string? Arguments) : ChatEvent;
