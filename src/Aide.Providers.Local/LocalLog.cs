using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>The local provider's log messages (event ids 500–599).</summary>
internal static partial class LocalLog
{
    [LoggerMessage(500, LogLevel.Debug, "llama.cpp {Level}: {Message}")]
    public static partial void NativeMessage(ILogger logger, string level, string message);

    [LoggerMessage(501, LogLevel.Information, "Loaded {Model} ({Parameters:N0} parameters, context {ContextSize}, {Threads} threads) in {ElapsedMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string model, long parameters, uint contextSize, int threads, double elapsedMs);

    [LoggerMessage(502, LogLevel.Debug, "Prompt of {PromptTokens} tokens: {ReusedTokens} reused from the previous turn, {EvaluatedTokens} evaluated")]
    public static partial void PromptEvaluated(ILogger logger, int promptTokens, int reusedTokens, int evaluatedTokens);

    [LoggerMessage(503, LogLevel.Debug, "{Model} is prompted with the {Template} format: {Reason}")]
    public static partial void TemplateChosen(ILogger logger, string model, string template, string reason);
}
