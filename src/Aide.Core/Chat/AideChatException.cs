namespace Aide.Chat;

/// <summary>A chat call failed; <see cref="Exception.Message"/> says what happened and what to do, and never holds an API key.</summary>
public sealed class AideChatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AideChatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">A user-facing description.</param>
    public AideChatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">A user-facing description.</param>
    /// <param name="innerException">The cause.</param>
    public AideChatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets what kind of failure this is.</summary>
    public ChatErrorKind Kind { get; init; }

    /// <summary>Gets the provider that failed, as <c>kind=address</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the HTTP status, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets how long the provider asked to wait before retrying (Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the prompt's length in the model's own tokens, when the prompt did not fit the model's context window.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Gets the model's context window in tokens, when the prompt did not fit it (see <see cref="PromptTokens"/>).</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Gets a value indicating whether trying again may succeed (rate limits, server errors, a connection dropped before any answer).</summary>
    public bool IsTransient => Kind is ChatErrorKind.RateLimited or ChatErrorKind.ServerError or ChatErrorKind.ConnectionLost;
}
