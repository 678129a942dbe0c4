namespace Aide.Conversations;

/// <summary>A conversation store operation failed; <see cref="Exception.Message"/> says why and what to do.</summary>
public sealed class ConversationStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConversationStoreException"/> class.</summary>
    public ConversationStoreException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConversationStoreException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public ConversationStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConversationStoreException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ConversationStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConversationStoreException"/> class.</summary>
    /// <param name="error">The kind of failure.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ConversationStoreException(ConversationStoreError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets the kind of failure.</summary>
    public ConversationStoreError Error { get; } = ConversationStoreError.Unavailable;
}
