namespace Aide.Cli.Output;

/// <summary>The failure: a stable kind for scripts, a message for people, the exit code.</summary>
internal sealed record JsonErrorBody(string Kind, string Message, int ExitCode, int? Status, string? Provider);
