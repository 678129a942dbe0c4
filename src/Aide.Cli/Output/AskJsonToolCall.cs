namespace Aide.Cli.Output;

/// <summary>One tool call of an <c>aide ask --json</c> answer.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments as JSON text.</param>
/// <param name="Result">What the model got back (bounded), or why the call did not run.</param>
internal sealed record AskJsonToolCall(string Tool, string Arguments, string Result);
