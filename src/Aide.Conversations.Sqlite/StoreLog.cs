using Microsoft.Extensions.Logging;

namespace Aide.Conversations.Store;

/// <summary>The conversation store's log messages, source-generated, with fixed event ids (Aide's 200 range). Message contents are never logged.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(200, LogLevel.Warning, "The conversation database {Path} was damaged ({Reason}); it was moved to {SetAside}, nothing was deleted, and a new database was started. Run aide history doctor to see what it holds; aide history doctor --repair brings back what can be read.")]
    public static partial void ConversationStoreSetAside(ILogger logger, string path, string setAside, string reason);

    [LoggerMessage(205, LogLevel.Warning, "The write-ahead log of {Path} is damaged: {Commits} committed transactions ({Frames} frames) after the damage cannot be read and are missing from the conversations. A copy of the log was kept: {Copy}. Run aide history doctor.")]
    public static partial void ConversationLogDamaged(ILogger logger, string path, int commits, int frames, string copy);

    /// <summary>An error message as a clause: without its closing full stop, which the sentence around it has.</summary>
    public static string Reason(string message) => message.TrimEnd().TrimEnd('.');
}
