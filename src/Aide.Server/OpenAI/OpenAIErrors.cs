using System.Globalization;
using System.Text.Json;
using Aide.Chat;
using Aide.Conversations;
using Aide.Conversations.Window;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.OpenAI;

/// <summary>Errors in OpenAI's shape with the status official clients expect; never a stack trace, never an upstream key (Aide's messages are redacted).</summary>
internal static class OpenAIErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? param = null, string? code = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Serialize(message, type, param, code), context.RequestAborted);
    }

    public static string Serialize(string message, string type, string? param = null, string? code = null) =>
        JsonSerializer.Serialize(new ErrorEnvelope { Error = new ErrorBody { Message = message, Type = type, Param = param, Code = code } }, OpenAIJsonContext.Default.ErrorEnvelope);

    public static Task InvalidRequestAsync(HttpContext context, string message, string? param = null, string? code = null) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    /// <summary>
    /// A failure of the turn, after Aide's own retries and failover: the status says what happened upstream, and
    /// <c>x-should-retry: false</c> keeps client SDKs from multiplying the load with retries of their own.
    /// </summary>
    public static (int Status, string Body) FromException(Exception exception, HttpResponse response)
    {
        switch (exception)
        {
            case ConversationStoreException store:
                return (StatusCodes.Status503ServiceUnavailable, Serialize(store.Message, "server_error", null, "store_unavailable"));
            case Usage.BudgetExceededException budget:
                // OpenAI's answer for a spent quota: a 429 that clients must not retry (the SDKs retry other 429s).
                if (!response.HasStarted)
                {
                    response.Headers["x-should-retry"] = "false";
                }

                return (StatusCodes.Status429TooManyRequests, Serialize(budget.Message, "insufficient_quota", null, "insufficient_quota"));
            case ContextWindowOverflowException overflow:
                return (StatusCodes.Status400BadRequest, Serialize(overflow.Message, "invalid_request_error", "messages", "context_length_exceeded"));
            case AideChatException chat:
                // A busy local queue is worth a client's retry after Retry-After; anything else Aide has already retried.
                // Headers only while they can be sent: a stream that has begun gets its error as an event.
                if (!response.HasStarted)
                {
                    response.Headers["x-should-retry"] = chat.Kind == ChatErrorKind.Busy ? "true" : "false";
                    if (chat.RetryAfter is { } wait)
                    {
                        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    }
                }

                return chat.Kind switch
                {
                    ChatErrorKind.BadRequest => (StatusCodes.Status400BadRequest, Serialize(chat.Message, "invalid_request_error")),
                    ChatErrorKind.NotFound => (StatusCodes.Status404NotFound, Serialize(chat.Message, "invalid_request_error", "model", "model_not_found")),
                    ChatErrorKind.RateLimited or ChatErrorKind.Busy => (StatusCodes.Status429TooManyRequests, Serialize(chat.Message, "rate_limit_error", null, "rate_limit_exceeded")),
                    ChatErrorKind.Timeout => (StatusCodes.Status504GatewayTimeout, Serialize(chat.Message, "upstream_error", null, "timeout")),
                    ChatErrorKind.Unreachable or ChatErrorKind.CircuitOpen or ChatErrorKind.ConnectionLost =>
                        (StatusCodes.Status503ServiceUnavailable, Serialize(chat.Message, "upstream_error", null, "provider_unavailable")),
                    _ => (StatusCodes.Status502BadGateway, Serialize(chat.Message, "upstream_error", null, "provider_error")),
                };
            default:
                if (!response.HasStarted)
                {
                    response.Headers["x-should-retry"] = "false";
                }

                return (StatusCodes.Status500InternalServerError, Serialize("Aide failed to answer: " + exception.GetType().Name + ". See the server's log.", "server_error"));
        }
    }
}
