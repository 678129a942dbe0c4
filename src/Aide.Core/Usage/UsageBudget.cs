using System.Globalization;

namespace Aide.Usage;

/// <summary>What may be spent per period: at 80 % a warning, at 100 % requests are refused until the period rolls over.</summary>
/// <param name="Amount">The amount per period.</param>
/// <param name="Period">The period.</param>
/// <param name="Currency">The currency (ISO 4217); only answers priced in it count.</param>
public sealed record UsageBudget(decimal Amount, BudgetPeriod Period, string Currency = "USD")
{
    /// <summary>The share of the budget at which a warning is given.</summary>
    public const double WarningFraction = 0.8;

    /// <summary>Gets the amount in nano-units.</summary>
    public long AmountNanos => UsageMoney.ToNanos(Amount);

    /// <summary>Gets the period's adjective (<c>daily</c>, <c>weekly</c>, <c>monthly</c>).</summary>
    public string PeriodName => Period switch { BudgetPeriod.Day => "daily", BudgetPeriod.Week => "weekly", _ => "monthly" };

    /// <summary>Reads <c>AMOUNT/PERIOD [CURRENCY]</c>: <c>20/month</c>, <c>5/day EUR</c>, <c>100/week</c>; a bare amount is monthly.</summary>
    /// <param name="text">The text.</param>
    /// <param name="currency">The currency when the text names none.</param>
    /// <returns>The budget.</returns>
    /// <exception cref="FormatException">The text is not a budget.</exception>
    public static UsageBudget Parse(string text, string currency = "USD")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1)
        {
            parts = [parts[0], "month"]; // a bare amount is a monthly budget
        }

        if (parts.Length is < 2 or > 3
            || !decimal.TryParse(parts[0].TrimStart('$'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0
            || ParsePeriod(parts[1]) is not { } period
            || (parts.Length == 3 && (parts[2].Length != 3 || !parts[2].All(char.IsAsciiLetter))))
        {
            throw new FormatException($"'{text}' is not a budget: write AMOUNT/PERIOD [CURRENCY], e.g. 20/month, 5/day or 100/week EUR.");
        }

        return new UsageBudget(amount, period, parts.Length == 3 ? parts[2].ToUpperInvariant() : currency.ToUpperInvariant());
    }

    /// <summary>Reads a period's name: <c>day</c>/<c>daily</c>, <c>week</c>/<c>weekly</c>, <c>month</c>/<c>monthly</c>.</summary>
    /// <param name="text">The name.</param>
    /// <returns>The period, or <see langword="null"/>.</returns>
    public static BudgetPeriod? ParsePeriod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "day" or "daily" or "d" => BudgetPeriod.Day,
        "week" or "weekly" or "w" => BudgetPeriod.Week,
        "month" or "monthly" or "mo" or "m" => BudgetPeriod.Month,
        _ => null,
    };

    /// <summary>The period that holds a moment: its start and the start of the next.</summary>
    /// <param name="at">The moment.</param>
    /// <returns>Start (inclusive) and end (exclusive), UTC.</returns>
    public (DateTimeOffset Start, DateTimeOffset End) PeriodOf(DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return Period switch
        {
            BudgetPeriod.Day => (day, day.AddDays(1)),
            BudgetPeriod.Week => (day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), day.AddDays(7 - (((int)day.DayOfWeek + 6) % 7))),
            _ => (new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
        };
    }

    /// <summary>The budget as <see cref="Parse"/> reads it, e.g. <c>20/month USD</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Amount:0.#########}/{Period.ToString().ToLowerInvariant()} {Currency}");
}
