using Microsoft.Extensions.Logging;

namespace Aide.Cli.Logging;

/// <summary>
/// A logger factory that shows Aide's warnings and errors (a journal that cannot be written, a dropped event stream) as one plain line
/// each on stderr. Microsoft.Extensions.Logging.Console prints categories, event ids and multi-line layouts
/// meant for services, and its start-up cost is paid by every command; a CLI user needs one readable line.
/// </summary>
internal sealed class StderrLoggerFactory(CliConsole console) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(console);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The CLI logs warnings to stderr only.");

    public void Dispose()
    {
    }

    private sealed class StderrLogger(CliConsole console) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (logLevel >= LogLevel.Error)
            {
                console.WriteError(message);
            }
            else
            {
                console.WriteWarning(message);
            }
        }
    }
}
