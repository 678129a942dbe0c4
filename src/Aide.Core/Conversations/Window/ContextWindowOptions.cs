namespace Aide.Conversations.Window;

/// <summary>The size of the context window and what to do with turns that no longer fit.</summary>
public sealed class ContextWindowOptions
{
    /// <summary>Tokens each message costs beyond its text (role and separators in the chat format).</summary>
    public const int MessageOverheadTokens = 4;

    /// <summary>Gets or sets the model's context window in tokens (default 8,192; validated from 256 to 10,000,000).</summary>
    public int ContextTokens { get; set; } = 8192;

    /// <summary>Gets or sets the tokens kept free for the reply (default 1,024; fewer than <see cref="ContextTokens"/>).</summary>
    public int ReplyTokens { get; set; } = 1024;

    /// <summary>Gets or sets a value indicating whether turns that no longer fit are summarized by the model (the summary is saved) instead of left out.</summary>
    public bool Summarize { get; set; }

    /// <summary>Gets the tokens the request may use: <see cref="ContextTokens"/> − <see cref="ReplyTokens"/>.</summary>
    public int Budget => ContextTokens - ReplyTokens;
}
