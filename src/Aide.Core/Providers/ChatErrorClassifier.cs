using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aide.Chat;
using Aide.Configuration;
using Aide.Diagnostics;

namespace Aide.Providers;

/// <summary>Maps whatever a provider SDK throws to an <see cref="AideChatException"/> a user can act on.</summary>
internal static partial class ChatErrorClassifier
{
    public static AideChatException Classify(Exception exception, ProviderSettings provider, bool answerStarted)
    {
        if (exception is AideChatException known)
        {
            return known;
        }

        var name = provider.ToString();
        if (Find<Providers.Http.ReplyRejectedException>(exception) is { } rejected)
        {
            // Aide stopped reading the reply itself: too large, or cut off before its end.
            return Create(rejected.Truncated ? ChatErrorKind.ConnectionLost : ChatErrorKind.BadResponse, rejected.Message, exception, provider);
        }

        if (FindStatus(exception) is { } status and > 0)
        {
            return FromStatus(exception, provider, name, status);
        }

        if (Find<SocketException>(exception) is { } socket && !answerStarted)
        {
            return Create(ChatErrorKind.Unreachable, $"Cannot connect to {name}: {Describe(socket)}. Is the server running, and is the address right? (aide providers)", exception, provider);
        }

        if (Find<JsonException>(exception) is not null || Find<FormatException>(exception) is not null)
        {
            return Create(ChatErrorKind.BadResponse, $"{name} sent a response Aide cannot read (malformed JSON). Is the address an OpenAI-compatible /v1 endpoint?", exception, provider);
        }

        if (Find<IOException>(exception) is not null || Find<HttpRequestException>(exception) is not null)
        {
            return answerStarted
                ? Create(ChatErrorKind.ConnectionLost, $"The connection to {name} dropped in the middle of the answer; what was printed is incomplete.", exception, provider)
                : Create(ChatErrorKind.ConnectionLost, $"The connection to {name} dropped before it answered.", exception, provider);
        }

        return Create(ChatErrorKind.BadResponse, $"{name} failed: {SecretRedactor.Redact(exception.Message, provider.ApiKey)}", exception, provider);
    }

    private static AideChatException FromStatus(Exception exception, ProviderSettings provider, string name, int status)
    {
        var body = ErrorBody(exception);
        var detail = ServerMessage(body, provider) is { } message ? $" The server said: {message}" : string.Empty;
        var code = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
        return status switch
        {
            401 or 403 => Create(ChatErrorKind.Unauthorized, $"{name} rejected the credentials ({code}). Set the API key with OPENAI_API_KEY or AIDE_API_KEY, or providers[].apiKey in the config file.{detail}", exception, provider, status),
            429 => RateLimited(exception, provider, name, code, detail),
            404 => Create(ChatErrorKind.NotFound, $"{name} answered {code}: the model '{provider.Model}' or the endpoint does not exist. Check the model name and that the address ends in /v1 for OpenAI-compatible servers.{detail}", exception, provider, status),
            // A 503 often says when to come back (Retry-After), and the retries honour it as they do a 429's.
            >= 500 => new AideChatException(SecretRedactor.Redact($"{name} failed with {code} ({ReasonPhrase(status)}).{detail}", provider.ApiKey), exception)
            {
                Kind = ChatErrorKind.ServerError,
                Provider = name,
                StatusCode = status,
                RetryAfter = RetryAfter(exception),
            },
            400 or 413 when ContextOverflow(body) is { } overflow => new AideChatException(
                SecretRedactor.Redact($"{name} rejected the request ({code}): the prompt is {overflow.PromptTokens:N0} tokens but the model's context holds {overflow.ContextTokens:N0}. Shorten the conversation (aide context), or set contextTokens to the server's context size.{detail}", provider.ApiKey),
                exception)
            {
                Kind = ChatErrorKind.BadRequest,
                Provider = name,
                StatusCode = status,
                PromptTokens = overflow.PromptTokens,
                ContextTokens = overflow.ContextTokens,
            },
            _ => Create(ChatErrorKind.BadRequest, $"{name} rejected the request ({code}).{detail}", exception, provider, status),
        };
    }

    /// <summary>
    /// The prompt's length and the model's context, when the server refused the request as too long for it. llama.cpp's
    /// server says so in fields (<c>n_prompt_tokens</c>, <c>n_ctx</c>); OpenAI and vLLM in words ("maximum context
    /// length is N tokens. However, your messages resulted in M tokens" / "you requested M tokens").
    /// </summary>
    private static (int PromptTokens, int ContextTokens)? ContextOverflow(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
        if (Number(error, "n_prompt_tokens") is { } prompt && Number(error, "n_ctx") is { } context)
        {
            return prompt >= context ? (prompt, context) : null;
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var limit = message is null ? null : MaximumContextWords().Match(message);
        var asked = message is null ? null : RequestedWords().Match(message);
        if (limit is { Success: true } && asked is { Success: true }
            && int.TryParse(limit.Groups[1].ValueSpan, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var max)
            && int.TryParse(asked.Groups[1].ValueSpan, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var requested)
            && requested >= max)
        {
            return (requested, max);
        }

        return null;

        static int? Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
    }

    /// <summary>The failed response's JSON body (as <see cref="Providers.Http.ReplyGuardHandler"/> kept it), or <see langword="null"/>.</summary>
    private static JsonElement? ErrorBody(Exception exception)
    {
        try
        {
            var content = Find<Providers.Http.ProviderHttpException>(exception)?.Body;
            if (content is null || content.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(content);
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static AideChatException RateLimited(Exception exception, ProviderSettings provider, string name, string code, string detail)
    {
        var retryAfter = RetryAfter(exception);
        var wait = retryAfter is { } delay ? string.Create(CultureInfo.InvariantCulture, $"; it asks to retry after {Math.Ceiling(delay.TotalSeconds):0} s") : string.Empty;
        return new AideChatException($"{name} is rate limiting requests ({code}){wait}.{detail}", exception)
        {
            Kind = ChatErrorKind.RateLimited,
            Provider = name,
            StatusCode = 429,
            RetryAfter = retryAfter,
        };
    }

    private static AideChatException Create(ChatErrorKind kind, string message, Exception inner, ProviderSettings provider, int? status = null) =>
        new(SecretRedactor.Redact(message, provider.ApiKey), inner) { Kind = kind, Provider = provider.ToString(), StatusCode = status };

    private static int? FindStatus(Exception exception) =>
        (int?)Find<HttpRequestException>(exception)?.StatusCode;

    /// <summary>How long the failed response asked to wait (Retry-After in seconds or as a date, or OpenAI's retry-after-ms).</summary>
    internal static TimeSpan? RetryAfter(Exception exception) => Find<Providers.Http.ProviderHttpException>(exception)?.RetryAfter;

    /// <summary>Extracts <c>error.message</c> from an OpenAI-style error body, redacted and shortened.</summary>
    private static string? ServerMessage(JsonElement? body, ProviderSettings provider)
    {
        if (body is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("error", out var error))
        {
            return null;
        }

        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
            : error.ValueKind == JsonValueKind.String ? error.GetString()
            : null;
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        message = SecretRedactor.Redact(message.Trim(), provider.ApiKey);
        return message.Length > 300 ? message[..300] + "…" : message;
    }

    private static string ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "server error";

    internal static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        _ => socket.SocketErrorCode.ToString(),
    };

    // How OpenAI and vLLM word a prompt too long for the model's context.
    [GeneratedRegex(@"maximum context length is ([\d,]+) tokens", RegexOptions.IgnoreCase)]
    private static partial Regex MaximumContextWords();

    [GeneratedRegex(@"(?:resulted in|requested) ([\d,]+) tokens", RegexOptions.IgnoreCase)]
    private static partial Regex RequestedWords();

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null);
            }
        }

        return null;
    }
}
