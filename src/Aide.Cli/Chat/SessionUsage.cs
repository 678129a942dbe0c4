using Aide.Usage;

namespace Aide.Cli.Chat;

/// <summary>What a conversation has used so far: its earlier turns (from the ledger) and this run's.</summary>
internal sealed class SessionUsage
{
    public long Requests { get; private set; }

    public long CachedRequests { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CostNanos { get; private set; }

    public long SavedNanos { get; private set; }

    /// <summary>Gets the currency of the costs (the first priced answer's).</summary>
    public string? Currency { get; private set; }

    public long UnpricedRequests { get; private set; }

    /// <summary>The conversation's totals so far, read once from the ledger (a resumed conversation's earlier turns).</summary>
    public static async Task<SessionUsage> LoadAsync(IUsageLedger? ledger, string? conversationId, string currency, CancellationToken cancellationToken)
    {
        var usage = new SessionUsage();
        if (ledger is not null && !string.IsNullOrEmpty(conversationId))
        {
            var report = await ledger.ReportAsync(new UsageQuery { ConversationId = conversationId, Currency = currency, By = UsageGrouping.Session }, cancellationToken);
            usage.Add(report.Total, currency);
        }

        return usage;
    }

    public void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Requests++;
        CachedRequests += record.FromCache ? 1 : 0;
        InputTokens += record.InputTokens;
        OutputTokens += record.OutputTokens;
        if (record.Currency is { } currency && (Currency is null || Currency == currency))
        {
            Currency = currency;
            CostNanos += record.CostNanos;
            SavedNanos += record.SavedNanos;
        }
        else
        {
            UnpricedRequests++;
        }
    }

    private void Add(UsageTotals totals, string currency)
    {
        Requests += totals.Requests;
        CachedRequests += totals.CachedRequests;
        InputTokens += totals.InputTokens;
        OutputTokens += totals.OutputTokens;
        UnpricedRequests += totals.UnpricedRequests;
        if (totals.Requests > totals.UnpricedRequests)
        {
            Currency = currency;
            CostNanos += totals.CostNanos;
            SavedNanos += totals.SavedNanos;
        }
    }
}
