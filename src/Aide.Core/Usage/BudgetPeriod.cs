namespace Aide.Usage;

/// <summary>How often a budget starts again: calendar days, ISO weeks (from Monday) and months, in UTC.</summary>
public enum BudgetPeriod
{
    /// <summary>A calendar day.</summary>
    Day,

    /// <summary>A week from Monday.</summary>
    Week,

    /// <summary>A calendar month.</summary>
    Month,
}
