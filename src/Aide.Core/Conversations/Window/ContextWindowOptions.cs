namespace Aide.Conversations.Window;

/// <summary>The size of the context window and what to do with turns that no longer fit.</summary>
public sealed class ContextWindowOptions
{
    /// <summary>Tokens each message costs beyond its text (role and separators in the chat format).</summary>
    public const int MessageOverheadTokens = 4;

    /// <summary>Gets the model's context window in tokens.</summary>
    public required int ContextTokens { get; init; }

    /// <summary>Gets the tokens kept free for the reply.</summary>
    public int ReplyTokens { get; init; } = 1024;

    /// <summary>Gets a value indicating whether turns that no longer fit are summarized by the model (the summary is saved) instead of left out.</summary>
    public bool Summarize { get; init; }

    /// <summary>Gets the tokens the request may use: <see cref="ContextTokens"/> − <see cref="ReplyTokens"/>.</summary>
    public int Budget => ContextTokens - ReplyTokens;
}
