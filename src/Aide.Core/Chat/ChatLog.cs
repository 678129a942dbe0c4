using Microsoft.Extensions.Logging;

namespace Aide.Chat;

/// <summary>The chat pipeline's log messages, source-generated, with fixed event ids (Aide's 1 range). Message contents and keys are never logged.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1, LogLevel.Warning, "Chat call to {Provider} failed ({Kind}); retry {Attempt} in {Delay}.")]
    public static partial void RetryingChatCall(ILogger logger, string? provider, ChatErrorKind kind, int attempt, TimeSpan delay);
}
