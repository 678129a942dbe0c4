namespace Aide.Cli.Chat;

/// <summary>Which conversation a chatting command uses: a named one, the most recent one, or (neither) a new one.</summary>
/// <param name="Name">The name given with <c>--session</c>.</param>
/// <param name="ContinueMostRecent">Whether <c>--continue</c> was given.</param>
internal sealed record SessionChoice(string? Name, bool ContinueMostRecent);
