using Aide.Conversations.Tokens;
using Microsoft.Extensions.AI;

namespace Aide.Conversations.Window;

/// <summary>
/// An <see cref="IChatReducer"/> for code that keeps its own message list (use it with
/// <c>ChatClientBuilder.UseChatReducer</c>): keeps every system message and the newest message, then the most recent
/// others that fit the budget, in order, with no holes. Throws <see cref="ContextWindowOverflowException"/> rather
/// than cut the newest message. Saved conversations use <see cref="ConversationSession"/>, which applies the same
/// rule with stored token counts, context items and summaries.
/// </summary>
/// <param name="options">The window.</param>
/// <param name="counter">The token counter.</param>
public sealed class TokenBudgetChatReducer(ContextWindowOptions options, ITokenCounter counter) : IChatReducer
{
    /// <inheritdoc />
    public Task<IEnumerable<ChatMessage>> ReduceAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var all = messages as IList<ChatMessage> ?? [.. messages];
        var remaining = options.Budget;
        var keep = new bool[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Role == ChatRole.System)
            {
                remaining -= Cost(all[i]);
                keep[i] = true;
            }
        }

        var newest = true;
        for (var i = all.Count - 1; i >= 0; i--)
        {
            if (keep[i])
            {
                continue;
            }

            var cost = Cost(all[i]);
            if (cost > remaining)
            {
                if (newest)
                {
                    throw new ContextWindowOverflowException(cost - ContextWindowOptions.MessageOverheadTokens, options.Budget - remaining, options);
                }

                break;
            }

            newest = false;
            remaining -= cost;
            keep[i] = true;
        }

        return Task.FromResult<IEnumerable<ChatMessage>>(all.Where((_, i) => keep[i]).ToList());
    }

    private int Cost(ChatMessage message) => counter.CountTokens(message.Text) + ContextWindowOptions.MessageOverheadTokens;
}
