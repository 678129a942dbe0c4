using Microsoft.Extensions.Logging;

namespace Aide.Conversations;

/// <summary>Conversations' log messages, source-generated, with fixed event ids (Aide's 200 range). Message contents are never logged.</summary>
internal static partial class ConversationLog
{
    [LoggerMessage(201, LogLevel.Warning, "The conversation summary could not be written ({Reason}); the turns that do not fit are left out instead.")]
    public static partial void SummaryFailed(ILogger logger, string reason);

    [LoggerMessage(203, LogLevel.Information, "The model counted {PromptTokens} tokens in the prompt of {Conversation} but holds {ContextTokens}; the window is built again with a budget of {Budget} estimated tokens.")]
    public static partial void WindowRefitted(ILogger logger, string conversation, int promptTokens, int contextTokens, int budget);

    [LoggerMessage(204, LogLevel.Debug, "{Count} earlier questions of {Conversation} have no answer: the process that asked them ended first. They are left out of the window.")]
    public static partial void QuestionsAbandoned(ILogger logger, string conversation, int count);
}
