using System.CommandLine;
using System.CommandLine.Parsing;

namespace Aide.Cli.Commands;

/// <summary>Command validators that cannot crash on a command line that is already wrong.</summary>
internal static class CommandValidation
{
    /// <summary>
    /// Adds <paramref name="validator"/> to <paramref name="command"/>. System.CommandLine runs validators even when an
    /// option lacks its value (<c>aide ask --session</c>), and reading that option then throws; the parse error already
    /// says what is wrong, so the validator is skipped instead of the process dying with a stack trace.
    /// </summary>
    public static void AddValidator(this Command command, Action<CommandResult> validator) =>
        command.Validators.Add(result =>
        {
            try
            {
                validator(result);
            }
            catch (InvalidOperationException)
            {
                // An option without its value: reported by the parser itself.
            }
        });

    /// <summary>As <see cref="AddValidator(Command, Action{CommandResult})"/>, for one option's value.</summary>
    public static void AddValidator(this Option option, Action<OptionResult> validator) =>
        option.Validators.Add(result =>
        {
            try
            {
                validator(result);
            }
            catch (InvalidOperationException)
            {
                // Reported by the parser itself.
            }
        });
}
