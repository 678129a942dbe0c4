namespace Aide.Events;

/// <summary>A tool ran and its output went back to the model.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Server">Where it ran: <c>builtin</c>, or the MCP server's name.</param>
/// <param name="CallId">The model's id for this call.</param>
/// <param name="Duration">How long it ran (the user's approval not included).</param>
/// <param name="Approval">Why it was allowed to run: <c>read-only</c>, <c>approved</c>, <c>always</c> (approved for the rest of the run), <c>allowed</c> (config allow-list or <c>--yes</c>).</param>
/// <param name="OutputChars">The length of its output before it was bounded.</param>
/// <param name="Truncated">Whether the output was cut to the limit before it went to the model.</param>
/// <param name="Output">The output as the model got it; only with <c>--journal-content</c>, else <see langword="null"/>.</param>
public sealed partial record ToolCallCompleted(string Tool, string Server, string? CallId, TimeSpan Duration, string Approval, int OutputChars, bool Truncated, string? Output) : ChatEvent;
