namespace Aide.Diagnostics;

/// <summary>Text put inside Aide's own log sentences.</summary>
internal static class LogText
{
    /// <summary>An error message as a clause: without its closing full stop, which the sentence around it has.</summary>
    public static string Reason(string message) => message.TrimEnd().TrimEnd('.');
}
