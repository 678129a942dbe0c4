namespace Aide.Chat;

/// <summary>What went wrong talking to a model provider, in terms a user can act on.</summary>
public enum ChatErrorKind
{
    /// <summary>The provider could not be reached (connection refused, DNS failure).</summary>
    Unreachable,

    /// <summary>The provider rejected the credentials (HTTP 401/403).</summary>
    Unauthorized,

    /// <summary>The provider is rate limiting (HTTP 429).</summary>
    RateLimited,

    /// <summary>The model or endpoint does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The provider rejected the request as invalid (HTTP 400, 413, 422).</summary>
    BadRequest,

    /// <summary>The provider failed (HTTP 5xx).</summary>
    ServerError,

    /// <summary>The provider sent something that is not a valid response (malformed JSON or stream).</summary>
    BadResponse,

    /// <summary>The connection dropped before the answer was complete.</summary>
    ConnectionLost,

    /// <summary>The provider did not answer, or stopped streaming, within the timeout.</summary>
    Timeout,

    /// <summary>The provider was not called: its circuit breaker is open after repeated failures.</summary>
    CircuitOpen,

    /// <summary>
    /// The provider was not called: it is at capacity (a local model's request queue is full). Not retried by Aide and
    /// not counted against the provider's breaker; the next provider is tried, and <see cref="AideChatException.RetryAfter"/> says when to come back.
    /// </summary>
    Busy,
}
