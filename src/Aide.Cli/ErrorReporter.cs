using Aide.Conversations;
using Aide.Conversations.Window;
using System.Text.Json;
using Aide.Chat;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Configuration;

namespace Aide.Cli;

/// <summary>Turns a failure into one clear line (or one JSON document) and an exit code; never a stack trace for a user error.</summary>
internal static class ErrorReporter
{
    public static int Report(CliConsole console, Exception exception, bool json)
    {
        var (code, kind, status, provider) = exception switch
        {
            AideChatException chat => (chat.Kind == ChatErrorKind.Timeout ? ExitCodes.Timeout : ExitCodes.ProviderError, JsonNamingPolicy.CamelCase.ConvertName(chat.Kind.ToString()), chat.StatusCode, chat.Provider),
            AideConfigurationException => (ExitCodes.ConfigurationError, "configuration", null, null),
            Models.InvalidModelFileException => (ExitCodes.ConfigurationError, "modelFile", null, null),
            NoProviderException => (ExitCodes.ConfigurationError, "noProvider", null, null),
            UsageException => (ExitCodes.UsageError, "usage", null, null),
            Caching.CacheImportException => (ExitCodes.UsageError, "cacheImport", null, null),
            ContextWindowOverflowException => (ExitCodes.UsageError, "contextOverflow", null, null),
            ConversationStoreException store => (store.Error is ConversationStoreError.InvalidName or ConversationStoreError.InvalidImport or ConversationStoreError.NotFound or ConversationStoreError.AlreadyExists
                ? ExitCodes.UsageError : ExitCodes.ConfigurationError, "history" + store.Error, null, null),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted", null, null),
            Usage.BudgetExceededException => (ExitCodes.BudgetExceeded, "budgetExceeded", null, null),
            Aide.Tools.Mcp.McpServerUnavailableException => (ExitCodes.ProviderError, "mcpServer", null, null),
            _ => (ExitCodes.ProviderError, "internal", (int?)null, (string?)null),
        };

        var message = exception switch
        {
            OperationCanceledException => "Interrupted.",
            Usage.BudgetExceededException => exception.Message + " aide usage shows the spending; aide config set budget AMOUNT/PERIOD changes the budget.",
            AideChatException or AideConfigurationException or Models.InvalidModelFileException or NoProviderException or UsageException or ContextWindowOverflowException or ConversationStoreException or Caching.CacheImportException
                or Aide.Tools.Mcp.McpServerUnavailableException => exception.Message,
            _ => console.Environment.GetValueOrDefault("AIDE_DEBUG") is "1"
                ? $"Unexpected failure: {exception}"
                : $"Unexpected failure ({exception.GetType().Name}): {CliText.Clause(exception.Message)}. Please report it with the command you ran (AIDE_DEBUG=1 adds the stack trace).",
        };

        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new JsonError(new JsonErrorBody(kind, message, code, status, provider)), CliJsonContext.Readable.JsonError));
        }
        else if (exception is NoProviderException)
        {
            console.Error.WriteLine(message);
        }
        else
        {
            console.WriteError(message);
        }

        return code;
    }
}
