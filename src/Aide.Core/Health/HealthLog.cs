using Microsoft.Extensions.Logging;

namespace Aide.Health;

/// <summary>Health monitoring's log messages, source-generated, with fixed event ids (Aide's 400 range).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(400, LogLevel.Warning, "The recovery strategy {Strategy} for {Component} failed: {Reason}")]
    public static partial void RecoveryStrategyFailed(ILogger logger, string strategy, string component, string reason);
}
