using Microsoft.Extensions.Logging;

namespace Aide.Usage;

internal static partial class UsageLog
{
    [LoggerMessage(1, LogLevel.Error, "The usage ledger cannot be written; the oldest unwritten usage record was dropped.")]
    public static partial void RecordDropped(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Could not write {Count} usage records; they are kept for the next try.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);
}
