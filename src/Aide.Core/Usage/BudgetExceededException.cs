namespace Aide.Usage;

/// <summary>A request was refused because its budget for the period is spent.</summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="budget">The budget.</param>
    /// <param name="spentNanos">What was spent in the period, in nano-units.</param>
    /// <param name="resetsAt">When the next period starts.</param>
    /// <param name="caller">The access key whose budget it is, or <see langword="null"/> for the owner's.</param>
    public BudgetExceededException(UsageBudget budget, long spentNanos, DateTimeOffset resetsAt, string? caller)
        : base(MessageFor(budget, spentNanos, resetsAt, caller))
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
        Spent = UsageMoney.FromNanos(spentNanos);
        ResetsAt = resetsAt;
        Caller = caller;
    }

    /// <summary>Gets the budget.</summary>
    public UsageBudget Budget { get; }

    /// <summary>Gets what was spent in the period.</summary>
    public decimal Spent { get; }

    /// <summary>Gets when the period rolls over and requests are allowed again.</summary>
    public DateTimeOffset ResetsAt { get; }

    /// <summary>Gets the access key whose budget is spent, or <see langword="null"/> for the owner's.</summary>
    public string? Caller { get; }

    private static string MessageFor(UsageBudget budget, long spentNanos, DateTimeOffset resetsAt, string? caller)
    {
        var amount = UsageMoney.Format(budget.Amount, budget.Currency);
        var which = caller is null ? $"The {budget.PeriodName} budget of {amount}" : $"The {budget.PeriodName} budget of the key '{caller}' ({amount})";
        return $"{which} is spent "
            + $"({UsageMoney.Format(UsageMoney.FromNanos(spentNanos), budget.Currency)} this period): requests are refused until "
            + $"{resetsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, when the period rolls over, or until the budget is raised.";
    }
}
