using System.CommandLine;
using Aide.Cli.Completion;

namespace Aide.Cli.Commands;

/// <summary><c>aide completion bash|zsh|fish|pwsh</c>: prints the shell's completion script.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. ShellScripts.Shells]);
        var command = new Command("completion", "Print a completion script for your shell (commands, options, session and model names, provider kinds); its first lines say how to install it.") { shell };
        command.SetAction(result =>
        {
            console.Out.Write(ShellScripts.For(result.GetValue(shell)!).ReplaceLineEndings("\n"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
