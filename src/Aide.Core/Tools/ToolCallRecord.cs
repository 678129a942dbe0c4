namespace Aide.Tools;

/// <summary>One tool call of a turn, as it is saved in the conversation (a message with role <c>tool</c>).</summary>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments as JSON.</param>
/// <param name="Result">The output the model got back (bounded), or why it did not run.</param>
public sealed record ToolCallRecord(string CallId, string Tool, string Arguments, string Result)
{
    /// <summary>The metadata key of a tool message holding the tool's name.</summary>
    public const string ToolKey = "tool";

    /// <summary>The metadata key of a tool message holding the call's id.</summary>
    public const string CallIdKey = "tool_call_id";

    /// <summary>The metadata key of a tool message holding the arguments.</summary>
    public const string ArgumentsKey = "arguments";
}
