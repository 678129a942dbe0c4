using Aide.Conversations;
using Aide.Turns;
using Aide.Usage;

namespace Aide.Cli.Chat;

/// <summary>What <c>aide ask</c> says about usage after an answer: the budget warning (at 80 %), and with <c>--usage</c> the status line.</summary>
internal static class UsageReporter
{
    public static async Task AfterTurnAsync(CliConsole console, UsageMeter meter, ChatTurnResult answer, ConversationSession? session, bool showUsage, CancellationToken cancellationToken)
    {
        if (showUsage && answer.UsageRecord is { } record)
        {
            var totals = await SessionUsage.LoadAsync(meter.Ledger, session?.Conversation.Id, record.Currency ?? "USD", cancellationToken);
            console.WriteStatus(UsageLine.Format(record, totals));
        }

        await WarnIfNearBudgetAsync(console, meter);
    }

    /// <summary>A stderr line on every turn once 80 % of the owner's budget is spent (the event is published once).</summary>
    public static async Task WarnIfNearBudgetAsync(CliConsole console, UsageMeter meter)
    {
        if (await meter.BudgetStatusAsync(null) is { Warning: true } status)
        {
            console.WriteWarning(status.Describe() + (status.Exhausted ? "; further requests are refused." : "."));
        }
    }
}
