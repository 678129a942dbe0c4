namespace Aide.Usage;

/// <summary>Where a budget stands in its period.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="SpentNanos">What the period has spent, in nano-units.</param>
/// <param name="PeriodStart">The period's start.</param>
/// <param name="ResetsAt">When the next period starts.</param>
public sealed record BudgetStatus(UsageBudget Budget, long SpentNanos, DateTimeOffset PeriodStart, DateTimeOffset ResetsAt)
{
    /// <summary>Gets what was spent.</summary>
    public decimal Spent => UsageMoney.FromNanos(SpentNanos);

    /// <summary>Gets the share spent (may pass 1 by what requests already in flight cost).</summary>
    public double Fraction => Budget.AmountNanos == 0 ? 1 : (double)SpentNanos / Budget.AmountNanos;

    /// <summary>Gets a value indicating whether the warning level (<see cref="UsageBudget.WarningFraction"/>) is reached.</summary>
    public bool Warning => Fraction >= UsageBudget.WarningFraction;

    /// <summary>Gets a value indicating whether the budget is spent: new requests are refused.</summary>
    public bool Exhausted => SpentNanos >= Budget.AmountNanos;

    /// <summary>A line for people, e.g. <c>82 % of the monthly budget of $20.00 spent ($16.40); it starts again 2027-01-01</c>.</summary>
    /// <returns>The line.</returns>
    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Fraction * 100:0} % of the {Budget.PeriodName} budget of {UsageMoney.Format(Budget.Amount, Budget.Currency)} spent ({UsageMoney.Format(Spent, Budget.Currency)}); it starts again {ResetsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
}
