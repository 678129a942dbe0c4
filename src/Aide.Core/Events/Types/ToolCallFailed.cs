namespace Aide.Events;

/// <summary>A tool call did not run (the user refused it, or it needs approval and nobody can give it) or failed while running.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Server">Where it runs: <c>builtin</c>, or the MCP server's name.</param>
/// <param name="CallId">The model's id for this call.</param>
/// <param name="Duration">How long it ran before failing (zero when it never ran).</param>
/// <param name="Approval"><c>refused</c> when it did not run for want of approval; otherwise as <see cref="ToolCallCompleted.Approval"/>.</param>
/// <param name="Error">What went wrong, as the model was told it.</param>
public sealed partial record ToolCallFailed(string Tool, string Server, string? CallId, TimeSpan Duration, string Approval, string Error) : ChatEvent;
