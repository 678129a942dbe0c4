namespace Aide.Cli.Chat;

/// <summary>How much a chat shows besides the answers.</summary>
internal enum ChatDisplay
{
    /// <summary>Spinner, notices and the usage line (on a terminal).</summary>
    Normal,

    /// <summary><c>--quiet</c>: the answers and errors only.</summary>
    Quiet,
}
