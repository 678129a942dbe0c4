using System.Globalization;
using System.Text;
using Aide.Storage;
using Microsoft.Extensions.Logging;

namespace Aide.Cli.Tools;

/// <summary>
/// Where MCP servers' standard error and the MCP SDK's own logs go: <c>$XDG_DATA_HOME/aide/logs/mcp.log</c> (0600,
/// opened on the first line, started afresh past 4 MB), not the terminal, which stays the answer's and Aide's own
/// one-line notices'. A line that cannot be written is dropped: a log must never stop a chat.
/// </summary>
internal sealed class McpLogFile(string path) : ILoggerFactory
{
    private const long MaxBytes = 4L << 20;
    private readonly Lock _gate = new();
    private FileStream? _file;

    public string Path { get; } = path;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("MCP logs go to one file.");

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void Write(string category, LogLevel level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetLocalNow():yyyy-MM-dd HH:mm:ss.fff} {level} {category}: {message}\n");
        lock (_gate)
        {
            try
            {
                _file ??= Open();
                _file.Write(Encoding.UTF8.GetBytes(line));
                _file.Flush();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Dropped (see the class remarks).
            }
        }
    }

    private FileStream Open()
    {
        PrivateDirectory.Create(System.IO.Path.GetDirectoryName(Path)!);
        var fresh = File.Exists(Path) && new FileInfo(Path).Length > MaxBytes;
        var options = new FileStreamOptions { Mode = fresh ? FileMode.Create : FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path, options);
    }

    private sealed class FileLogger(McpLogFile owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(category, logLevel, exception is null ? formatter(state, exception) : $"{formatter(state, exception)} ({exception.Message})");
            }
        }
    }
}
