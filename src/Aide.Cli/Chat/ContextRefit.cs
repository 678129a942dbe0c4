using Aide.Chat;

namespace Aide.Cli.Chat;

/// <summary>
/// A model that refuses a turn's window as longer than its context (by its own tokenizer and chat template) gets the
/// turn again with a window built smaller (<see cref="Conversations.ConversationSession.RefitTurnAsync"/>), instead
/// of the user getting an error for a conversation that merely outgrew the estimate.
/// </summary>
internal static class ContextRefit
{
    /// <summary>Refits per turn at most: each one shrinks the window by the model's own count, so a second is rare.</summary>
    public const int MaxRefits = 2;

    /// <summary>Runs <paramref name="attempt"/>; when the model says the prompt did not fit, lets <paramref name="refit"/> shrink the window and runs it again.</summary>
    /// <param name="attempt">Streams the turn with the current window.</param>
    /// <param name="refit">Builds the window again for (prompt tokens, context tokens); false when it cannot (history off).</param>
    /// <returns>The answer.</returns>
    public static async Task<TurnResult> StreamAsync(Func<Task<TurnResult>> attempt, Func<int, int, Task<bool>> refit)
    {
        for (var refits = 0; ; refits++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (refits < MaxRefits && TooLong(ex) is { } tooLong)
            {
                if (!await refit(tooLong.PromptTokens, tooLong.ContextTokens))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>The model's count of the prompt and its context, when <paramref name="exception"/> or a cause of it says the prompt did not fit.</summary>
    internal static (int PromptTokens, int ContextTokens)? TooLong(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AideChatException { PromptTokens: { } prompt, ContextTokens: { } context } && prompt >= context)
            {
                return (prompt, context);
            }
        }

        return null;
    }
}
