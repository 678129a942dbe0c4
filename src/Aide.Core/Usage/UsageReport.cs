namespace Aide.Usage;

/// <summary>A usage report: its groups, largest cost first (then most tokens), and their total.</summary>
/// <param name="Query">What it covers.</param>
/// <param name="Groups">The groups.</param>
/// <param name="Total">The sums of all groups.</param>
public sealed record UsageReport(UsageQuery Query, IReadOnlyList<UsageTotals> Groups, UsageTotals Total)
{
    /// <summary>A group's share of the total: of the cost when anything cost money, else of the tokens.</summary>
    /// <param name="group">A group of this report.</param>
    /// <returns>0–1.</returns>
    public double ShareOf(UsageTotals group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Total.CostNanos > 0 ? (double)group.CostNanos / Total.CostNanos
            : Total.TotalTokens > 0 ? (double)group.TotalTokens / Total.TotalTokens
            : Total.Requests > 0 ? (double)group.Requests / Total.Requests : 0;
    }

    /// <summary>Gets a value indicating whether shares are of cost (else of tokens).</summary>
    public bool SharesOfCost => Total.CostNanos > 0;
}
