namespace Aide.Conversations.Window;

/// <summary>The newest message (with the system prompt and pinned items) does not fit the context window; nothing is cut silently.</summary>
public sealed class ContextWindowOverflowException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ContextWindowOverflowException"/> class.</summary>
    public ContextWindowOverflowException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowOverflowException"/> class.</summary>
    /// <param name="message">What does not fit.</param>
    public ContextWindowOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowOverflowException"/> class.</summary>
    /// <param name="message">What does not fit.</param>
    /// <param name="innerException">The cause.</param>
    public ContextWindowOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowOverflowException"/> class.</summary>
    /// <param name="messageTokens">Tokens of the newest message.</param>
    /// <param name="fixedTokens">Tokens of the system prompt and pinned items, which are always sent.</param>
    /// <param name="options">The window.</param>
    public ContextWindowOverflowException(int messageTokens, int fixedTokens, ContextWindowOptions options)
        : base(Describe(messageTokens, fixedTokens, options ?? throw new ArgumentNullException(nameof(options))))
    {
        MessageTokens = messageTokens;
        FixedTokens = fixedTokens;
        Budget = options.Budget;
    }

    /// <summary>Gets the tokens of the newest message.</summary>
    public int MessageTokens { get; }

    /// <summary>Gets the tokens of the system prompt and pinned items.</summary>
    public int FixedTokens { get; }

    /// <summary>Gets the tokens the request may use.</summary>
    public int Budget { get; }

    private static string Describe(int messageTokens, int fixedTokens, ContextWindowOptions options)
    {
        var room = options.Budget - fixedTokens;
        return FormattableString.Invariant(
            $"The message is {messageTokens:N0} tokens but the context window has room for {Math.Max(0, room):N0}: {options.ContextTokens:N0} tokens of context − {options.ReplyTokens:N0} kept for the reply − {fixedTokens:N0} for the system prompt and pinned items. Send a shorter message, unpin items, or raise contextTokens if the model allows more.");
    }
}
