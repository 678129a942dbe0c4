namespace Aide.Cli;

/// <summary>Text put inside the CLI's own sentences.</summary>
internal static class CliText
{
    /// <summary>An error message as a clause: without its closing full stop, which the sentence around it has.</summary>
    public static string Clause(string message) => message.TrimEnd().TrimEnd('.');
}
