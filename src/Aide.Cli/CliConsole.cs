using Spectre.Console;

namespace Aide.Cli;

/// <summary>
/// The process's streams. Plain text (answers) goes straight to <see cref="Out"/>; Spectre.Console is created
/// only for commands that render tables or colour, so <c>aide --version</c> and <c>aide ask</c> never load it.
/// </summary>
internal sealed class CliConsole
{
    private IAnsiConsole? _ansiOut;
    private IAnsiConsole? _ansiError;

    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public TextReader In { get; init; } = Console.In;

    public bool IsInputRedirected { get; init; } = Console.IsInputRedirected;

    public bool IsErrorRedirected { get; init; } = Console.IsErrorRedirected;

    /// <summary>Gets a value indicating whether standard output is a terminal (text from outside is then made safe to show).</summary>
    public bool IsOutputTerminal { get; init; } = !Console.IsOutputRedirected;

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = Configuration.AidePaths.ReadProcessEnvironment();

    /// <summary>Gets a value indicating whether the user asked for no colour (<c>NO_COLOR</c>, any value).</summary>
    public bool NoColor => Environment.ContainsKey("NO_COLOR");

    /// <summary>Gets the terminal's width in columns, or 80 when there is none to ask (or it says 0).</summary>
    public static int TerminalWidth
    {
        get
        {
            try
            {
                return Console.WindowWidth is > 0 and var width ? width : 80;
            }
            catch (IOException)
            {
                return 80;
            }
        }
    }

    /// <summary>Gets a Spectre console on <see cref="Out"/>, colour only on a terminal and without NO_COLOR.</summary>
    public IAnsiConsole AnsiOut => _ansiOut ??= WithColumns(AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = Console.IsOutputRedirected || NoColor ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected || NoColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    }));

    /// <summary>
    /// <c>COLUMNS</c>, when set, is the width tables fit (as most terminal tools take it): piped, Spectre would otherwise
    /// assume 80; on a terminal it reads the window's own width.
    /// </summary>
    private IAnsiConsole WithColumns(IAnsiConsole console)
    {
        if (int.TryParse(Environment.GetValueOrDefault("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns is >= 20 and <= 10_000)
        {
            console.Profile.Width = columns;
        }

        return console;
    }

    /// <summary>Gets a Spectre console on <see cref="Error"/> for progress, live only when standard error is a terminal.</summary>
    public IAnsiConsole AnsiError => _ansiError ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Ansi = IsErrorRedirected || NoColor ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = IsErrorRedirected || NoColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = IsErrorRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    });

    public void WriteError(string message) => WriteLine(Error, "error", "31", message);

    public void WriteWarning(string message) => WriteLine(Error, "warning", "33", message);

    /// <summary>A quiet line on standard error (dim on a terminal): status that must not mix with the answer on standard output.</summary>
    public void WriteStatus(string message)
    {
        var text = Output.TerminalText.Safe(message);
        lock (Error)
        {
            Error.WriteLine(IsErrorRedirected || NoColor ? text : $"\u001b[2m{text}\u001b[0m");
        }
    }

    private void WriteLine(TextWriter writer, string label, string colour, string message)
    {
        var prefix = IsErrorRedirected || NoColor ? $"aide: {label}: " : $"\u001b[{colour}maide: {label}:\u001b[0m ";
        lock (writer)
        {
            // Warnings can come from another thread (stores open on the opening thread, CliHost.Opener).
            // Messages quote servers and stored text: no escape sequence in them reaches the terminal as one.
            writer.WriteLine(prefix + Output.TerminalText.Safe(message));
        }
    }
}
