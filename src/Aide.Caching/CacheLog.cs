using Microsoft.Extensions.Logging;

namespace Aide.Caching;

/// <summary>The cache's log messages, source-generated, with fixed event ids (Aide's 300 range, and the token-count memo's 202). Keys are never logged.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(202, LogLevel.Debug, "The token-count memo {Path} is off for this run ({Reason}); tokens are counted as usual.")]
    public static partial void TokenMemoDisabled(ILogger logger, string path, string reason);

    [LoggerMessage(300, LogLevel.Warning, "The response cache on disk ({Path}) is off for this run: {Reason}. Answers are still cached in memory and chat goes on.")]
    public static partial void CacheDiskDisabled(ILogger logger, string path, string reason);

    [LoggerMessage(301, LogLevel.Warning, "The response cache file {Path} was damaged ({Reason}); it was moved to {SetAside} and a new cache was started.")]
    public static partial void CacheFileSetAside(ILogger logger, string path, string setAside, string reason);

    /// <summary>An error message as a clause: without its closing full stop, which the sentence around it has.</summary>
    public static string Reason(string message) => message.TrimEnd().TrimEnd('.');
}
