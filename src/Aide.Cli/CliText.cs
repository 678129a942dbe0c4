namespace Aide.Cli;

/// <summary>Text put inside the CLI's own sentences.</summary>
internal static class CliText
{
    /// <summary>An error message as a clause: without its closing full stop, which the sentence around it has.</summary>
    public static string Clause(string message) => message.TrimEnd().TrimEnd('.');

    /// <summary>At most <paramref name="max"/> characters of one line, "…" marking a cut.</summary>
    public static string Clip(string text, int max)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
