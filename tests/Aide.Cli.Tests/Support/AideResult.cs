namespace Aide.Cli.Tests.Support;

/// <summary>How a finished <c>aide</c> process ended.</summary>
public sealed record AideResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
