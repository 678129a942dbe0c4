using Aide.Chat;
using Microsoft.Extensions.Logging;

namespace Aide.Diagnostics;

/// <summary>Aide's log messages, source-generated, with fixed event ids. Message contents and keys are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Chat call to {Provider} failed ({Kind}); retry {Attempt} in {Delay}.")]
    public static partial void RetryingChatCall(ILogger logger, string? provider, ChatErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Debug, "Probing {Provider}.")]
    public static partial void ProbingProvider(ILogger logger, string provider);

    [LoggerMessage(3, LogLevel.Debug, "Auto-detected provider {Provider}.")]
    public static partial void AutoDetectedProvider(ILogger logger, string provider);
}
