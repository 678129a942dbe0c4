namespace Aide.Tools;

/// <summary>The user's answer when a tool that may change something asks to run.</summary>
public enum ToolApproval
{
    /// <summary>Do not run it; the model is told it was refused.</summary>
    Refused,

    /// <summary>Run it this once.</summary>
    Once,

    /// <summary>Run it, and every later call of the same tool in this run, without asking again.</summary>
    Always,
}
