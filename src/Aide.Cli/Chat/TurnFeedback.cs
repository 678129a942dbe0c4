using System.Globalization;
using System.Text.RegularExpressions;
using Aide.Configuration;
using Aide.Events;
using Aide.Turns;

namespace Aide.Cli.Chat;

/// <summary>
/// What a turn shows on standard error while the user waits, when standard error is a terminal and <c>--quiet</c> is
/// not given: a spinner with the provider and the time waited until the first token; a line when Aide fails over or
/// retries; after a cached answer, how old it is. The spinner's line is cleared before the answer's first text, so
/// standard output (often the same terminal) is never mixed with it.
/// </summary>
internal sealed partial class TurnFeedback : IDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(150); // an answer faster than this never shows a spinner
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly CliConsole _console;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _gate = new();
    private readonly List<string> _held = [];
    private readonly IDisposable[] _subscriptions;
    private readonly ITimer _timer;
    private string _provider;
    private int _frame;
    private bool _drawn;
    private bool _answering;
    private bool _disposed;
    private int _holds;

    private TurnFeedback(CliConsole console, IEventBus bus, ProviderSettings first, TimeProvider time)
    {
        _console = console;
        _time = time;
        _provider = first.ToString();
        _started = time.GetTimestamp();
        _subscriptions =
        [
            bus.Subscribe<ProviderFailover>(e => Notice(FailoverNotice(e), e.To)),
            bus.Subscribe<ChatRetrying>(e => Notice(RetryNotice(e), null)),
            bus.Subscribe<ToolCallStarted>(e => Notice(ToolNotice(e), null)),
            bus.Subscribe<ToolCallFailed>(e => Notice(ToolNotice(e), null)),
        ];
        _timer = time.CreateTimer(_ => Draw(), null, Delay, Period);
    }

    /// <summary>Feedback for a turn to <paramref name="first"/>, or <see langword="null"/> when there must be none.</summary>
    public static TurnFeedback? Start(CliConsole console, IEventBus bus, ProviderSettings first, bool quiet, TimeProvider? time = null) =>
        quiet || console.IsErrorRedirected ? null : new TurnFeedback(console, bus, first, time ?? TimeProvider.System);

    /// <summary>Call before writing the answer's text: the spinner's line goes, and notices wait for the answer's end.</summary>
    public void Answering()
    {
        lock (_gate)
        {
            if (_answering)
            {
                return;
            }

            _answering = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Clear();
        }
    }

    /// <summary>Stops the spinner (its line cleared) until the returned handle is disposed: the user is being asked something.</summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            _holds++;
            Clear();
        }

        return new Release(this);
    }

    /// <summary>After the answer: the notices that came while it streamed, and how old a cached answer is.</summary>
    public void Answered(ChatTurnResult result, string? refreshHint)
    {
        Dispose();
        if (result.FromCache)
        {
            var age = result.CachedAt is { } at ? " " + Age(_time.GetUtcNow() - at) : string.Empty;
            _console.WriteStatus($"(cached{age}{(refreshHint is null ? string.Empty : " · " + refreshHint)})");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            Clear();
            foreach (var notice in _held)
            {
                _console.WriteStatus(notice);
            }
        }
    }

    /// <summary>"3 min ago", in the largest unit that is at least one.</summary>
    internal static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 60 } => "just now",
        { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago"),
        { TotalHours: < 48 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h ago"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days ago"),
    };

    internal static string ToolNotice(ToolCallStarted e) =>
        e.Server == Aide.Tools.ToolGuard.BuiltInServer ? $"⚙ {e.Tool}" : $"⚙ {e.Tool} ({e.Server})";

    internal static string ToolNotice(ToolCallFailed e) =>
        e.Approval == "refused" ? $"⚙ {e.Tool} not run: {e.Error}" : $"⚙ {e.Tool} failed: {e.Error}";

    internal static string FailoverNotice(ProviderFailover e) => $"{e.From} failed ({ShortReason(e.Reason)}); answering from {e.To}";

    internal static string RetryNotice(ChatRetrying e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{e.Provider} {(e.StatusCode is { } status ? $"answered HTTP {status}" : $"failed ({Words(e.ErrorKind)})")}; retrying in {e.Delay.TotalSeconds:0.0} s (retry {e.Attempt})");

    /// <summary>"HTTP 500" when the reason holds a status, else its kind in words ("ServerError: …" → "server error").</summary>
    private static string ShortReason(string reason) =>
        HttpStatus().Match(reason) is { Success: true } status ? status.Value : Words(reason.Split(':', 2)[0]);

    private static string Words(string kind) => UpperCase().Replace(kind, " $0").Trim().ToLowerInvariant();

    [GeneratedRegex(@"HTTP \d{3}")]
    private static partial Regex HttpStatus();

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();

    private void Notice(string text, string? nextProvider)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (nextProvider is not null)
            {
                _provider = nextProvider;
            }

            if (_answering)
            {
                _held.Add(text);
                return;
            }

            Clear();
            _console.WriteStatus(text);
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_answering || _disposed || _holds > 0)
            {
                return;
            }

            var waited = _time.GetElapsedTime(_started).TotalSeconds;
            var line = string.Create(CultureInfo.InvariantCulture, $"{Frames[_frame++ % Frames.Length]} waiting for {_provider} · {waited:0.0}s");
            line = line.Length < Width ? line : line[..(Width - 2)] + "…"; // one line, or \r cannot take it back
            lock (_console.Error)
            {
                _console.Error.Write(_console.NoColor ? $"\r{line}\e[K" : $"\r\e[2m{line}\e[0m\e[K");
                _console.Error.Flush();
            }

            _drawn = true;
        }
    }

    private static int Width => CliConsole.TerminalWidth is > 10 and var width ? width : 80;

    private void Clear()
    {
        if (!_drawn)
        {
            return;
        }

        lock (_console.Error)
        {
            _console.Error.Write("\r\e[K");
            _console.Error.Flush();
        }

        _drawn = false;
    }

    private sealed class Release(TurnFeedback owner) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            lock (owner._gate)
            {
                if (!_released)
                {
                    _released = true;
                    owner._holds--;
                }
            }
        }
    }
}
